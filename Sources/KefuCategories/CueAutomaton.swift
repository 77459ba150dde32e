/// Aho–Corasick automaton over normalised scalars: one pass over a message finds every cue of every
/// language, so the cost per message does not grow with the number of cues.
/// Built once (the cue tables are static); matching allocates nothing but what the caller keeps.
/// Normalised European text is pure ASCII, so ASCII symbols get a dense DFA row per node (one load per
/// character, a few MB for all cues); kana and ideographs walk the usual goto/failure links.
struct CueAutomaton: Sendable {
    private let asciiSymbol: [Int32]          // scalar < 128 → symbol, -1 if no cue uses it
    private let asciiCount: Int               // ASCII symbols are numbered 0..<asciiCount
    private let asciiDelta: [Int32]           // node * asciiCount + symbol → next node (failures resolved)
    private let otherSymbol: [UInt32: Int32]  // other scalars used by cues
    private let rootNext: [Int32]             // dense transitions out of the root, by symbol
    private let edgeStart: [Int32]            // node → range in edgeSymbol/edgeTarget (sorted by symbol)
    private let edgeSymbol: [Int32]
    private let edgeTarget: [Int32]
    private let fail: [Int32]
    private let outStart: [Int32]             // node → range in outPattern (own + suffix outputs)
    private let outPattern: [Int32]
    let patternLength: [Int]

    init(patterns: [[UInt32]]) {
        var symbols: [UInt32: Int32] = [:]
        for p in patterns { for s in p where s < 128 && symbols[s] == nil { symbols[s] = Int32(symbols.count) } }
        let asciiCount = symbols.count
        for p in patterns { for s in p where symbols[s] == nil { symbols[s] = Int32(symbols.count) } }
        var children: [[Int32: Int32]] = [[:]]
        var terminal: [[Int32]] = [[]]
        for (id, p) in patterns.enumerated() {
            var node = 0
            for s in p {
                let sym = symbols[s]!
                if let next = children[node][sym] { node = Int(next); continue }
                children.append([:]); terminal.append([])
                children[node][sym] = Int32(children.count - 1)
                node = children.count - 1
            }
            terminal[node].append(Int32(id))
        }
        // Breadth-first: a node's failure target is always finished before the node itself.
        var failLink = [Int32](repeating: 0, count: children.count)
        var outputs = terminal
        var queue = children[0].values.map { Int($0) }
        var delta = [Int32](repeating: 0, count: children.count * asciiCount)
        for (sym, child) in children[0] where Int(sym) < asciiCount { delta[Int(sym)] = child }
        var head = 0
        while head < queue.count {
            let node = queue[head]; head += 1
            for a in 0..<asciiCount {
                delta[node * asciiCount + a] = children[node][Int32(a)] ?? delta[Int(failLink[node]) * asciiCount + a]
            }
            outputs[node] += outputs[Int(failLink[node])]
            for (sym, child) in children[node] {
                var f = Int(failLink[node])
                while f != 0, children[f][sym] == nil { f = Int(failLink[f]) }
                let target = children[f][sym].map(Int.init) ?? 0
                failLink[Int(child)] = Int32(target == Int(child) ? 0 : target)
                queue.append(Int(child))
            }
        }
        var ascii = [Int32](repeating: -1, count: 128)
        var other: [UInt32: Int32] = [:]
        for (s, sym) in symbols { if s < 128 { ascii[Int(s)] = sym } else { other[s] = sym } }
        var root = [Int32](repeating: 0, count: symbols.count)
        for (sym, child) in children[0] { root[Int(sym)] = child }
        var starts: [Int32] = [], syms: [Int32] = [], targets: [Int32] = []
        var oStarts: [Int32] = [], oPatterns: [Int32] = []
        for node in children.indices {
            starts.append(Int32(syms.count))
            for (sym, child) in children[node].sorted(by: { $0.key < $1.key }) { syms.append(sym); targets.append(child) }
            oStarts.append(Int32(oPatterns.count))
            oPatterns += outputs[node]
        }
        starts.append(Int32(syms.count)); oStarts.append(Int32(oPatterns.count))
        (asciiSymbol, otherSymbol, rootNext, self.asciiCount, asciiDelta) = (ascii, other, root, asciiCount, delta)
        (edgeStart, edgeSymbol, edgeTarget, fail) = (starts, syms, targets, failLink)
        (outStart, outPattern, patternLength) = (oStarts, oPatterns, patterns.map(\.count))
    }

    /// Calls `body(pattern, start, end)` for every occurrence, in order of `end` (exclusive).
    func forEachMatch(in text: [UInt32], _ body: (Int, Int, Int) -> Void) {
        let width = asciiCount
        var state = 0
        for i in text.indices {
            let v = text[i]
            if v < 128 {
                let sym = Int(asciiSymbol[Int(v)])
                state = sym < 0 ? 0 : Int(asciiDelta[state &* width &+ sym])
            } else {
                guard let sym = otherSymbol[v] else { state = 0; continue }
                var s = Int32(state)
                while true {
                    if s == 0 { s = rootNext[Int(sym)]; break }
                    if let next = child(of: s, sym) { s = next; break }
                    s = fail[Int(s)]
                }
                state = Int(s)
            }
            let from = Int(outStart[state]), to = Int(outStart[state + 1])
            if from == to { continue }
            for k in from..<to {
                let p = Int(outPattern[k])
                body(p, i + 1 - patternLength[p], i + 1)
            }
        }
    }

    @inline(__always) private func child(of node: Int32, _ sym: Int32) -> Int32? {
        var lo = Int(edgeStart[Int(node)]), hi = Int(edgeStart[Int(node) + 1])
        while lo < hi {   // binary search; most nodes have one or two edges
            let mid = (lo + hi) >> 1
            let s = edgeSymbol[mid]
            if s == sym { return edgeTarget[mid] }
            if s < sym { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }
}
