import Foundation
import KefuBase
import KefuModel
import KefuConfig

extension Playbook {
    /// The closings a frame must have: what `Offer.closing` may name, and the numbered-choices one.
    static let closingKinds = ["asks", "informs", "choose"]

    /// Everything the composer relies on: every category has a play, every offer id exists, every
    /// buyer text and closing exists in every language, every rule names real offers, kinds and wishes.
    func validate(file: String) throws {
        func fail(_ s: String) -> KefuError { .data("\(file): \(s)") }
        guard frame["en"] != nil else { throw fail("frame.en: missing (English is the fallback)") }
        for lang in languages {
            guard let f = frame[lang] else { throw fail("frame.\(lang): missing") }
            for k in Self.closingKinds where (f.closings[k] ?? "").isEmpty { throw fail("frame.\(lang).closings.\(k): missing") }
        }
        var ids = Set<String>()
        for o in offers {
            guard ids.insert(o.id).inserted else { throw fail("offers: \"\(o.id)\" defined twice") }
            for lang in languages where (o.text[lang] ?? "").isEmpty { throw fail("offers.\(o.id).text.\(lang): missing") }
            if o.action == .partialRefund && o.amount == nil { throw fail("offers.\(o.id).amount: a partial refund needs a percent") }
            guard o.closing == "none" || Self.closingKinds.contains(o.closing) else {
                throw fail("offers.\(o.id).closing: \"\(o.closing)\" is not asks, informs, choose or none")
            }
            if let p = o.promise, (SnoozeTime.duration(p) ?? 0) <= 0 {
                throw fail("offers.\(o.id).promise: \"\(p)\" is not a duration like 24h or 2d")
            }
        }
        for o in offers {
            for e in o.excludes ?? [] where !ids.contains(e) { throw fail("offers.\(o.id).excludes: no offer \"\(e)\"") }
        }
        for c in Category.allCases {
            guard let play = categories[c.rawValue] else { throw fail("categories.\(c.rawValue): missing") }
            guard !play.offers.isEmpty else { throw fail("categories.\(c.rawValue).offers: empty") }
            for lang in languages where (play.restate?[lang] ?? "").isEmpty { throw fail("categories.\(c.rawValue).restate.\(lang): missing") }
        }
        for (name, play) in categories.map({ ("categories.\($0.key)", $0.value) }) + kinds.map({ ("kinds.\($0.key)", $0.value) }) {
            for id in play.offers where !ids.contains(id) { throw fail("\(name).offers: no offer \"\(id)\"") }
        }
        for k in kinds.keys where RequestKind(rawValue: k) == nil { throw fail("kinds.\(k): not a request kind") }
        let actions = Set(OfferAction.allCases.map(\.rawValue))
        for (i, r) in rules.enumerated() {
            let at = "rules[\(i)]"
            for e in (r.first ?? []) + (r.last ?? []) + (r.hide ?? []) where !ids.contains(e) && !actions.contains(e) {
                throw fail("\(at): no offer or action \"\(e)\"")
            }
            for e in r.grant ?? [] where !ids.contains(e) { throw fail("\(at).grant: no offer \"\(e)\"") }
            let w = r.when
            for k in w.kinds ?? [] where RequestKind(rawValue: k) == nil { throw fail("\(at).when.kinds: not a request kind \"\(k)\"") }
            for c in w.categories ?? [] where Category(rawValue: c) == nil { throw fail("\(at).when.categories: not a category \"\(c)\"") }
            for c in w.channels ?? [] where Channel(rawValue: c) == nil { throw fail("\(at).when.channels: not a channel \"\(c)\"") }
            for t in w.tiers ?? [] where PriceTier.Level(rawValue: t) == nil { throw fail("\(at).when.tiers: not cheap, normal or expensive: \"\(t)\"") }
            for s in w.says ?? [] where wishes[s] == nil { throw fail("\(at).when.says: no wish \"\(s)\" in wishes") }
        }
    }
}
