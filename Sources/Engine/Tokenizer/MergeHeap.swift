/// A binary min-heap ordered by `precedes`, used for the BPE and SentencePiece merge queues.
struct MergeHeap<Element> {
    private var items: [Element] = []
    private let precedes: (Element, Element) -> Bool

    /// - Parameter precedes: true when the first element must be popped before the second.
    init(reserve: Int = 0, precedes: @escaping (Element, Element) -> Bool) {
        self.precedes = precedes
        items.reserveCapacity(reserve)
    }

    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ e: Element) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard precedes(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Element? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        let top = items[0]
        items[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < items.count, precedes(items[l], items[best]) { best = l }
            if r < items.count, precedes(items[r], items[best]) { best = r }
            if best == i { break }
            items.swapAt(i, best)
            i = best
        }
        return top
    }
}

/// A symbol of a word being merged: a byte range of the word, linked to its neighbours.
struct MergeSymbol {
    var start: Int
    var length: Int
    var prev: Int
    var next: Int
}
