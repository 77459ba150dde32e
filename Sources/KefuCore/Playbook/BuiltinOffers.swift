/// A small built-in list of resolution offers per category, cheapest first (DOMAIN.md,
/// "Resolution offers"). The playbook issue replaces it with data the user can override.
public enum BuiltinOffers {
    public struct Offer: Sendable, Equatable {
        public var id: String
        public var label: String
    }

    static let photos = Offer(id: "ask-photos", label: "Ask for photos/video first")
    static let partial = Offer(id: "partial-refund", label: "Partial refund, keep the item")
    static let part = Offer(id: "send-part", label: "Send the missing part")
    static let reship = Offer(id: "reship", label: "Reship / replacement")
    static let exchange = Offer(id: "exchange", label: "Exchange, we pay shipping")
    static let gift = Offer(id: "gift", label: "Send a gift with an apology")
    static let manual = Offer(id: "send-manual", label: "Send the manual / steps")
    static let tracking = Offer(id: "tracking-update", label: "Tracking update within 24 h")
    static let refund = Offer(id: "full-refund", label: "Full refund")
    static let returnRefund = Offer(id: "return-and-refund", label: "Return and refund")
    static let cancel = Offer(id: "cancel-order", label: "Cancel the order")
    static let address = Offer(id: "change-address", label: "Change the address")
    static let repair = Offer(id: "repair", label: "Repair via local partner")
    static let invoice = Offer(id: "send-invoice", label: "Send the invoice")
    static let thanks = Offer(id: "thank-buyer", label: "Thank the buyer")

    public static func offers(for category: Category) -> [Offer] {
        switch category {
        case .damaged: return [photos, partial, reship, exchange, refund]
        case .defective: return [photos, manual, exchange, partial, repair, refund]
        case .missingPart: return [part, partial, reship, refund]
        case .wrongItem: return [photos, exchange, partial, returnRefund]
        case .sizeColor: return [exchange, partial, returnRefund]
        case .howToUse: return [manual, exchange, partial]
        case .unwanted: return [partial, returnRefund, refund]
        case .lateDelivery: return [tracking, gift, partial, refund]
        case .lostParcel: return [tracking, reship, refund]
        case .notReceived: return [tracking, reship, refund]
        case .addressChange: return [address, cancel]
        case .cancellation: return [cancel, partial]
        case .warranty: return [photos, part, repair, exchange]
        case .invoice: return [invoice]
        case .feedback: return [photos, partial, exchange, refund]
        case .thankYou: return [thanks]
        case .other: return [photos, tracking, partial, refund]
        }
    }
}
