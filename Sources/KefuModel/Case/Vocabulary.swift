// The stable ids of the domain. Raw values are what the store, the import schema and `--json` use;
// they never change once released.

public enum Channel: String, Codable, CaseIterable, Sendable {
    case amazon, ebay, shop, email
}

public enum RequestKind: String, Codable, CaseIterable, Sendable, Comparable {
    case buyerMessage = "buyer-message"
    case returnRequest = "return-request"
    case aToZClaim = "a-to-z-claim"
    case chargeback
    case negativeFeedback = "negative-feedback"
    case inrRequest = "inr-request"
    case snadRequest = "snad-request"
    case cancellationRequest = "cancellation-request"

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

public enum Category: String, Codable, CaseIterable, Sendable {
    case damaged, defective
    case missingPart = "missing-part"
    case wrongItem = "wrong-item"
    case sizeColor = "size-color"
    case howToUse = "how-to-use"
    case unwanted
    case lateDelivery = "late-delivery"
    case lostParcel = "lost-parcel"
    case notReceived = "not-received"
    case addressChange = "address-change"
    case cancellation, warranty, invoice, feedback
    case thankYou = "thank-you"
    case other
}

public enum CaseStatus: String, Codable, CaseIterable, Sendable {
    case needsReply = "needs-reply"
    case waitingBuyer = "waiting-buyer"
    /// The agent marked the buyer's latest message as needing no answer: nothing is awaited from
    /// anyone until the buyer writes again (which makes the case need a reply).
    case noResponseNeeded = "no-response-needed"
    case snoozed
    case resolved
}

public enum Direction: String, Codable, Sendable {
    case inbound = "in"
    case outbound = "out"
}
