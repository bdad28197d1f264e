/// Lowercase words looked for before a number or in a key (``Bytes/someWord(before:window:_:_:)``:
/// `phone`, `ssn`, `card`…), grouped once by their first byte, so that a look-behind tries at
/// each place only the words that start with its byte.
///
/// Why: the look-behind found its words by going through the whole list at every place whose
/// byte starts one of them, and put together the set of first bytes at every call: a fifth of
/// the instructions of redacting 200 KB prompts (windowContains and windowHasWord, callgrind
/// over 100 of the bench's large events), most of it on words that could not start there.
struct KeywordList: ExpressibleByArrayLiteral, Sendable {
    /// The words, in the order given.
    let words: [StaticString]
    /// The words grouped by first byte: those starting with byte `b` are
    /// `grouped[groupStart[b]..<groupStart[b + 1]]`.
    private let grouped: [StaticString]
    private let groupStart: [Int]
    /// The first bytes of the words.
    let starts: FirstBytes

    init(arrayLiteral words: StaticString...) {
        self.init(words)
    }

    init(_ words: [StaticString]) {
        self.words = words
        let nonEmpty = words.filter { $0.utf8CodeUnitCount > 0 }
        var byByte = [[StaticString]](repeating: [], count: 256)
        for word in nonEmpty { byByte[Int(word.utf8Start[0])].append(word) }
        grouped = byByte.flatMap { $0 }
        var groupStart = [0]
        for group in byByte { groupStart.append(groupStart[groupStart.count - 1] + group.count) }
        self.groupStart = groupStart
        starts = FirstBytes(nonEmpty)
    }

    /// Whether one of the words starting with byte `c` is accepted by `body`.
    @inline(__always)
    func someStarting(with c: UInt8, _ body: (StaticString) -> Bool) -> Bool {
        let from = groupStart[Int(c)], to = groupStart[Int(c) + 1]
        var k = from
        while k < to {
            if body(grouped[k]) { return true }
            k += 1
        }
        return false
    }
}
