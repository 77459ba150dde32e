import Foundation
import KefuModel

/// Labelled lines of a return or order notice: ASIN, item title, quantity, return reason, customer
/// comment. Labels are matched folded (case, accents, full-width colon). The localised labels are the
/// project's own reconstructions of the notice templates, not copies of real notices.
struct NoticeFields: Equatable {
    var items: [OrderItem] = []
    var returnReason: String?
    var customerComment: String?

    enum Field { case asin, title, quantity, reason, comment, sku, itemNumber }

    static let labels: [String: Field] = {
        var t: [String: Field] = [:]
        for l in ["asin", "amazon asin"] { t[l] = .asin }
        for l in ["item", "item name", "product", "product name", "title", "item title",
                  "artikel", "artikelbezeichnung", "produkt", "titel", "artikelname",
                  "article", "produit", "nom du produit", "titre",
                  "articolo", "prodotto", "nome del prodotto", "titolo",
                  "articulo", "producto", "nombre del producto", "titulo",
                  "商品名", "商品", "タイトル"] { t[l] = .title }
        for l in ["quantity", "qty", "menge", "anzahl", "quantite", "quantita", "cantidad", "数量"] { t[l] = .quantity }
        for l in ["return reason", "reason for return", "reason", "rucksendegrund", "grund der rucksendung", "grund",
                  "motif du retour", "raison du retour", "motif", "motivo del reso", "motivo della restituzione",
                  "motivo de la devolucion", "motivo", "返品理由", "返品の理由"] { t[l] = .reason }
        for l in ["customer comments", "customer comment", "buyer comments", "comments", "comment",
                  "kundenkommentar", "kundenkommentare", "kommentar des kunden", "kommentar",
                  "commentaires du client", "commentaire du client", "commentaire", "commentaires",
                  "commenti del cliente", "commento del cliente", "commenti", "commento",
                  "comentarios del cliente", "comentario del cliente", "comentarios", "comentario",
                  "お客様のコメント", "購入者のコメント", "コメント"] { t[l] = .comment }
        for l in ["sku", "merchant sku", "seller sku", "handler-sku", "reference vendeur"] { t[l] = .sku }
        for l in ["item number", "item id", "artikelnummer", "numero de l'objet", "numero oggetto", "numero de articulo"] { t[l] = .itemNumber }
        return t
    }()

    /// Reads every labelled line. A comment may continue on the following lines up to a blank line or
    /// the next label; other values are one line. An eBay item number is kept in `OrderItem.sku` here
    /// and moved by the eBay reader.
    static func read(_ lines: ArraySlice<Substring>) -> NoticeFields {
        var f = NoticeFields()
        var item = OrderItem(quantity: 0)
        var open: Field?
        func flush() {
            if item.asin != nil || item.title != nil || item.sku != nil {
                if item.quantity == 0 { item.quantity = 1 }
                f.items.append(item)
            }
            item = OrderItem(quantity: 0)
        }
        for line in lines {
            let trimmed = NoticeText.trimmed(line)
            if trimmed.isEmpty { open = nil; continue }
            if let (label, value) = NoticeText.labelled(line), let field = labels[label] {
                open = nil
                switch field {
                case .asin:
                    if item.asin != nil { flush() }
                    item.asin = value.isEmpty ? nil : value
                case .title:
                    if item.title != nil { flush() }
                    item.title = value
                case .sku, .itemNumber:
                    if item.sku != nil { flush() }
                    item.sku = value.isEmpty ? nil : value
                case .quantity:
                    item.quantity = Int(value.prefix { $0.isASCII && $0.isNumber }) ?? item.quantity
                case .reason where f.returnReason == nil:
                    f.returnReason = value
                case .comment where f.customerComment == nil:
                    f.customerComment = value
                    open = .comment
                case .reason, .comment:
                    break
                }
                continue
            }
            if open == .comment { f.customerComment = join(f.customerComment, trimmed) }
        }
        flush()
        f.returnReason = f.returnReason.flatMap { $0.isEmpty ? nil : $0 }
        f.customerComment = f.customerComment.flatMap { $0.isEmpty ? nil : $0 }
        f.items = f.items.map { i in
            var i = i
            if i.title?.isEmpty == true { i.title = nil }
            return i
        }
        return f
    }

    private static func join(_ a: String?, _ b: String) -> String {
        guard let a, !a.isEmpty else { return b }
        return a + "\n" + b
    }
}
