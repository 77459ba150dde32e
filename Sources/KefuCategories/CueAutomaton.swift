/// Aho–Corasick automaton over normalised scalars: one pass over a message finds every cue of every
/// language, so the cost per message does not grow with the number of cues.
/// Built once (the cue tables are static) from flat arrays, no dictionary per node; matching allocates
/// nothing but what the caller keeps. Most of a text is read near the root, so only the root and the
/// nodes one or two symbols deep get a dense row of ASCII transitions (failures resolved, one load per
/// character); a deeper node keeps its few edges (sorted by symbol) and falls back along its failure
/// links, which always end in a dense row. The dense rows for every node took 5 MB; these take ~0.2 MB.
struct CueAutomaton: Sendable {
    private static let denseDepth = 2
    private let asciiSymbol: [Int32]          // scalar < 128 → symbol, -1 if no cue uses it
    private let asciiCount: Int               // ASCII symbols are numbered 0..<asciiCount
    private let otherBase: UInt32             // other scalars used by cues: otherSymbol[scalar - otherBase]
    private let otherSymbol: [Int32]          //   → symbol, -1 if no cue uses it
    private let denseCount: Int               // nodes 0..<denseCount (all within `denseDepth`) have a dense row:
    private let asciiDelta: [Int32]           //   node * asciiCount + symbol → next (failures resolved)
    private let rootNext: [Int32]             // transitions out of the root, by symbol (0: none)
    /// Four per node, read together (one cache line, not one per array): failure link, number of
    /// edges, and the one edge's symbol and target — or, for more edges, where they start in edgeSymbol/
    /// edgeTarget (sorted by symbol).
    private let record: [Int32]
    private let edgeSymbol: [Int32]
    private let edgeTarget: [Int32]
    private let outStart: [Int32]             // node → range in outPattern (own + suffix outputs)
    private let outEnd: [Int32]
    private let outPattern: [Int32]
    let patternLength: [Int32]

    init(patterns: [[UInt32]]) {
        // Symbols: ASCII ones first, numbered by first use.
        var ascii = [Int32](repeating: -1, count: 128)
        var asciiCount: Int32 = 0
        for p in patterns { for s in p where s < 128 && ascii[Int(s)] < 0 { ascii[Int(s)] = asciiCount; asciiCount += 1 } }
        var lowOther = UInt32.max, highOther: UInt32 = 0
        for p in patterns { for s in p where s >= 128 { lowOther = min(lowOther, s); highOther = max(highOther, s) } }
        if lowOther > highOther { lowOther = 128; highOther = 127 }
        var other = [Int32](repeating: -1, count: Int(highOther + 1 - lowOther))
        var symbolCount = asciiCount
        for p in patterns { for s in p where s >= 128 && other[Int(s - lowOther)] < 0 { other[Int(s - lowOther)] = symbolCount; symbolCount += 1 } }
        func symbol(_ s: UInt32) -> Int { Int(s < 128 ? ascii[Int(s)] : other[Int(s - lowOther)]) }

        // The trie: children as sibling lists while building; the root's children dense.
        var rootChild = [Int32](repeating: 0, count: Int(symbolCount))
        var firstChild: [Int32] = [-1], nextSibling: [Int32] = [-1], nodeSymbol: [Int32] = [-1], depth: [Int32] = [0]
        var terminalHead: [Int32] = [-1]              // node → first pattern ending there; patterns chained by id
        var terminalNext = [Int32](repeating: -1, count: patterns.count)
        var terminalTail: [Int32] = [-1]
        func child(_ node: Int, _ sym: Int) -> Int32? {
            if node == 0 { let c = rootChild[sym]; return c == 0 ? nil : c }
            var c = firstChild[node]
            while c >= 0 { if nodeSymbol[Int(c)] == Int32(sym) { return c }; c = nextSibling[Int(c)] }
            return nil
        }
        for (id, p) in patterns.enumerated() {
            var node = 0
            for s in p {
                let sym = symbol(s)
                if let next = child(node, sym) { node = Int(next); continue }
                let n = Int32(firstChild.count)
                firstChild.append(-1); nodeSymbol.append(Int32(sym)); depth.append(depth[node] + 1)
                terminalHead.append(-1); terminalTail.append(-1)
                if node == 0 { rootChild[sym] = n; nextSibling.append(-1) } else { nextSibling.append(firstChild[node]); firstChild[node] = n }
                node = Int(n)
            }
            if terminalTail[node] < 0 { terminalHead[node] = Int32(id) } else { terminalNext[Int(terminalTail[node])] = Int32(id) }
            terminalTail[node] = Int32(id)
        }
        let nodeCount = firstChild.count
        func children(_ node: Int) -> [Int32] {
            if node == 0 { return rootChild.filter { $0 != 0 } }
            var out: [Int32] = []
            var c = firstChild[node]
            while c >= 0 { out.append(c); c = nextSibling[Int(c)] }
            return out
        }

        // Breadth-first: a node's failure target (and its outputs, and its dense row) is finished before the node.
        var failLink = [Int32](repeating: 0, count: nodeCount)
        var outStart = [Int32](repeating: 0, count: nodeCount), outEnd = [Int32](repeating: 0, count: nodeCount)
        var outPattern: [Int32] = []
        var denseRow = [Int32](repeating: -1, count: nodeCount)
        var delta: [Int32] = []
        let width = Int(asciiCount)
        var queue: [Int32] = [0]
        var head = 0
        while head < queue.count {
            let node = Int(queue[head]); head += 1
            let f = Int(failLink[node])
            outStart[node] = Int32(outPattern.count)
            var t = terminalHead[node]
            while t >= 0 { outPattern.append(t); t = terminalNext[Int(t)] }
            if node != 0 { outPattern.append(contentsOf: outPattern[Int(outStart[f])..<Int(outEnd[f])]) }
            outEnd[node] = Int32(outPattern.count)
            if depth[node] <= Self.denseDepth {
                denseRow[node] = Int32(delta.count / max(width, 1))
                for a in 0..<width {
                    delta.append(child(node, a) ?? (node == 0 ? 0 : delta[Int(denseRow[f]) * width + a]))
                }
            }
            for c in children(node) {
                let sym = Int(nodeSymbol[Int(c)])
                var target: Int32 = 0
                if node != 0 {
                    var g = f
                    while true {
                        if let next = child(g, sym) { target = next; break }
                        if g == 0 { break }
                        g = Int(failLink[g])
                    }
                }
                failLink[Int(c)] = target
                queue.append(c)
            }
        }
        // Renumbered breadth-first: the nodes most texts visit (and the dense rows, which are theirs)
        // come first and lie together in memory. A transition is stored as `node << 1 | has outputs`,
        // so a character that completes no cue reads nothing else.
        var newId = [Int32](repeating: 0, count: nodeCount)
        for (n, old) in queue.enumerated() { newId[Int(old)] = Int32(n) }
        func code(_ old: Int32) -> Int32 { newId[Int(old)] << 1 | (outStart[Int(old)] < outEnd[Int(old)] ? 1 : 0) }
        var record: [Int32] = [], syms: [Int32] = [], targets: [Int32] = []
        var oStarts: [Int32] = [], oEnds: [Int32] = []
        record.reserveCapacity(nodeCount * 4)
        for old in queue.map(Int.init) {
            let edges = children(old).sorted { nodeSymbol[Int($0)] < nodeSymbol[Int($1)] }
            record += [newId[Int(failLink[old])], Int32(edges.count)]
            if edges.count == 1 {
                record += [nodeSymbol[Int(edges[0])], code(edges[0])]
            } else {
                record += [Int32(syms.count), 0]
                for c in edges { syms.append(nodeSymbol[Int(c)]); targets.append(code(c)) }
            }
            oStarts.append(outStart[old]); oEnds.append(outEnd[old])
        }
        (asciiSymbol, otherBase, otherSymbol, self.asciiCount) = (ascii, lowOther, other, width)
        rootNext = rootChild.map { $0 == 0 ? 0 : code($0) }
        denseCount = delta.count / max(width, 1)
        asciiDelta = delta.map(code)
        (self.record, edgeSymbol, edgeTarget) = (record, syms, targets)
        (self.outStart, self.outEnd, self.outPattern) = (oStarts, oEnds, outPattern)
        patternLength = patterns.map { Int32($0.count) }
    }

    /// Calls `body(pattern, start, end)` for every occurrence, in order of `end` (exclusive).
    @inline(__always)
    func forEachMatch(in text: [UInt32], _ body: (Int, Int, Int) -> Void) {
        let width = asciiCount, dense = denseCount
        var state = 0
        for i in text.indices {
            let v = text[i]
            let sym: Int
            if v < 128 {
                sym = Int(asciiSymbol[Int(v)])
            } else {
                let k = v &- otherBase
                sym = k < UInt32(otherSymbol.count) ? Int(otherSymbol[Int(k)]) : -1
            }
            if sym < 0 { state = 0; continue }
            var next: Int32
            while true {
                if state < dense, sym < width { next = asciiDelta[state &* width &+ sym]; break }
                if state == 0 { next = rootNext[sym]; break }
                if let c = child(of: state, Int32(sym)) { next = c; break }
                state = Int(record[state &* 4])
            }
            state = Int(next >> 1)
            if next & 1 == 0 { continue }
            for k in Int(outStart[state])..<Int(outEnd[state]) {
                let p = Int(outPattern[k])
                body(p, i + 1 - Int(patternLength[p]), i + 1)
            }
        }
    }

    /// The coded transition along `node`'s own edge for `sym`, if it has one.
    @inline(__always) private func child(of node: Int, _ sym: Int32) -> Int32? {
        let r = node &* 4
        let count = Int(record[r + 1])
        if count == 1 { return record[r + 2] == sym ? record[r + 3] : nil }   // most deep nodes
        var lo = Int(record[r + 2]), hi = lo + count
        while lo < hi {
            let mid = (lo + hi) >> 1
            let s = edgeSymbol[mid]
            if s == sym { return edgeTarget[mid] }
            if s < sym { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }
}
