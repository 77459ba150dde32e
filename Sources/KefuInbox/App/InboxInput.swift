/// Keys → actions through the live keymap. Pure: the matcher carries multi-key sequences.
public enum InboxInput {
    public static func translate(_ key: Key, state: InboxState, matcher: inout KeySequenceMatcher) -> [InboxAction] {
        let context = state.keyContext
        // The category menu jumps as letters are typed: they are not the list's keys there.
        if matcher.pending.isEmpty, case .char(let ch) = key, CategoryJump.types(ch, in: state) { return [.insert(String(ch))] }
        switch matcher.feed(key, context: context) {
        case .action(let a): return [.command(a)]
        case .pending: return []
        case .unbound(let keys):
            // In a prompt or the composer, keys the keymap leaves free type text (and Enter a new
            // line in the composer).
            guard Keymap.textContexts.contains(context) else { return [] }
            let text = keys.compactMap { k -> Character? in
                switch k {
                case .char(let c): return c
                case .enter where context == .composer: return "\n"
                default: return nil
                }
            }
            return text.isEmpty ? [] : [.insert(String(text))]
        }
    }
}
