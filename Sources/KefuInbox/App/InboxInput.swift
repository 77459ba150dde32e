/// Keys → actions through the live keymap. Pure: the matcher carries multi-key sequences.
public enum InboxInput {
    public static func translate(_ key: Key, state: InboxState, matcher: inout KeySequenceMatcher) -> [InboxAction] {
        let context = state.keyContext
        switch matcher.feed(key, context: context) {
        case .action(let a): return [.command(a)]
        case .pending: return []
        case .unbound(let keys):
            // In a prompt, keys the keymap leaves free type text.
            guard context == .prompt else { return [] }
            let text = keys.compactMap { k -> Character? in if case .char(let c) = k { return c }; return nil }
            return text.isEmpty ? [] : [.insert(String(text))]
        }
    }
}
