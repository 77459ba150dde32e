import Foundation
import KefuModel

/// Marketplace return reasons (Amazon codes and the labels buyers pick, plus eBay's codes) → category.
/// The buyer picked one from a list, so it is stronger evidence than any single phrase of free text;
/// a reason that is not listed here is read as free text instead.
enum ReturnReasonCategories {
    static let table: [String: Category] = {
        let entries: [(Category, [String])] = [
            (.defective, ["DEFECTIVE", "AMZ-PG-DEFECTIVE", "QUALITY_UNACCEPTABLE", "DEFECTIVE_ITEM", "EXPIRED_ITEM",
                          "Item defective or doesn't work", "Item is defective or doesn't work", "Defective",
                          "Performance or quality not adequate", "Product performance or quality is not adequate",
                          "Doesn't work", "Stopped working", "Doesn't work or is defective", "Item doesn't work or is defective",
                          // eBay's labels as buyers see them in other languages
                          "Artikel defekt", "Artikel ist defekt", "Funktioniert nicht", "Defekt", "Ne fonctionne pas",
                          "Ne fonctionne pas ou défectueux", "Défectueux", "Non funziona", "Non funziona o è difettoso", "Difettoso",
                          "No funciona", "Defectuoso o no funciona", "Defectuoso"]),
            (.damaged, ["DAMAGED_BY_CARRIER", "DAMAGED_BY_FC", "AMZ-PG-DAMAGED", "ARRIVED_DAMAGED", "Item arrived damaged",
                        "Product damaged, but shipping box OK", "Product and shipping box both damaged",
                        "Product and shipping box damaged", "Arrived damaged", "Damaged",
                        "Beschädigt angekommen", "Artikel beschädigt angekommen", "Arrivé endommagé", "Article arrivé endommagé",
                        "Arrivato danneggiato", "Oggetto arrivato danneggiato", "Llegó dañado", "Artículo llegó dañado"]),
            (.missingPart, ["MISSING_PARTS", "AMZ-PG-MISSING-PARTS", "Missing parts or accessories", "Missing parts",
                            "Parts or accessories missing", "Missing items",
                            "Missing parts or pieces", "Teile fehlen", "Teile oder Zubehör fehlen", "Pièces manquantes",
                            "Mancano delle parti", "Parti mancanti", "Faltan piezas", "Faltan piezas o accesorios"]),
            (.wrongItem, ["SWITCHEROO", "WRONG_ITEM", "AMZ-PG-WRONG-ITEM", "NOT_AS_DESCRIBED", "AMZ-PG-BAD-DESC",
                          "DIFFERENT_FROM_LISTING", "FAKE_OR_COUNTERFEIT", "EXTRA_ITEM", "Wrong item was sent", "Wrong item sent",
                          "Received wrong item", "Inaccurate website description", "Description on website was not accurate",
                          "Not as described", "Item not as described", "Received extra item I didn't buy",
                          "Received extra item I didn't buy (no refund needed)", "Doesn't match description or photos",
                          "Doesn't match description", "It's not as described", "Wrong item sent", "ORDERED_DIFFERENT_ITEM_RECEIVED",
                          "Artikel entspricht nicht der Beschreibung", "Entspricht nicht der Beschreibung", "Falscher Artikel",
                          "Falscher Artikel geliefert", "Ne correspond pas à la description",
                          "L'objet ne correspond pas à la description", "Mauvais article", "Non corrisponde alla descrizione",
                          "L'oggetto non corrisponde alla descrizione", "Articolo sbagliato", "No coincide con la descripción",
                          "No es lo que se describe", "Artículo equivocado"]),
            (.sizeColor, ["AMZ-PG-APP-TOO-SMALL", "AMZ-PG-APP-TOO-LARGE", "AMZ-PG-APP-STYLE", "APPAREL_TOO_SMALL",
                          "APPAREL_TOO_LARGE", "APPAREL_STYLE", "DOESNT_FIT", "DOES_NOT_FIT", "WRONG_SIZE", "Too small",
                          "Too large", "Too big", "Style not as expected", "Doesn't fit", "Wrong size", "Wrong colour",
                          "Wrong color", "Colour not as expected", "Color not as expected", "Passt nicht", "Falsche Größe",
                          "Taille incorrecte", "Ne me va pas", "Taglia sbagliata", "Non è della taglia giusta", "Talla incorrecta",
                          "No me queda bien"]),
            (.unwanted, ["UNWANTED_ITEM", "AMZ-PG-MISORDERED", "ORDERED_WRONG_ITEM", "FOUND_BETTER_PRICE",
                         "AMZ-PG-BETTER-PRICE", "UNAUTHORIZED_PURCHASE", "NOT_COMPATIBLE", "NO_REASON_GIVEN",
                         "NO_LONGER_NEED_ITEM", "NO_LONGER_NEEDED", "ORDERED_BY_MISTAKE", "ORDERED_DIFFERENT_ITEM", "CHANGED_MIND",
                         "BUYER_REMORSE", "No longer needed", "No longer needed/wanted", "Bought by mistake",
                         "Better price available", "Found better price", "Didn't approve purchase",
                         "Incompatible or not useful", "Incompatible or not useful for intended purpose", "Changed my mind",
                         "No reason given", "PART_NOT_COMPATIBLE", "DID_NOT_LIKE_FABRIC", "MISORDERED", "ORDERED_ACCIDENTALLY",
                         "RETURNING_GIFT", "NO_REASON", "AMZ-PG-BUYER-REMORSE", "Didn't like fabric", "Part not compatible",
                         "Ordered by mistake", "Found a better price", "Meinung geändert", "Versehentlich bestellt",
                         "Besseren Preis gefunden", "Nicht mehr benötigt", "J'ai changé d'avis", "Commandé par erreur",
                         "J'ai trouvé un meilleur prix", "Ho cambiato idea", "Ordinato per errore", "Ho trovato un prezzo migliore",
                         "He cambiado de opinión", "Lo pedí por error", "He encontrado un precio mejor"]),
            (.lateDelivery, ["MISSED_ESTIMATED_DELIVERY", "AMZ-PG-LATE", "ARRIVED_LATE", "Item arrived too late",
                             "Arrived too late", "Missed estimated delivery date",
                             "Kam zu spät an", "Zu spät angekommen", "Arrivé trop tard", "Arrivato troppo tardi", "Llegó demasiado tarde"]),
            (.lostParcel, ["UNDELIVERABLE_UNKNOWN", "UNDELIVERABLE_REFUSED", "UNDELIVERABLE_INSUFFICIENT_ADDRESS",
                           "UNDELIVERABLE_FAILED_DELIVERY_ATTEMPTS", "UNDELIVERABLE_CARRIER_MISS_SORTED", "Undeliverable"]),
        ]
        var table: [String: Category] = [:]
        for (category, reasons) in entries { for r in reasons { table[key(r)] = category } }
        return table
    }()

    /// Codes and labels meet in one spelling: "DAMAGED_BY_CARRIER" and "damaged by carrier" are one key.
    static func key(_ reason: String) -> String {
        String(String.UnicodeScalarView(ClassifierText.normalize(reason).compactMap {
            ClassifierText.isBreak($0) ? Unicode.Scalar(ClassifierText.space) : Unicode.Scalar($0)
        })).trimmingCharacters(in: .whitespaces)
    }

    static func category(for reason: String) -> Category? { table[key(reason)] }
}
