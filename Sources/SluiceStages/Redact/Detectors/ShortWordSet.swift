/// A set of short lowercase words (up to 16 bytes) that a span of text is looked up in,
/// ignoring ASCII case, without copying the span: the file extensions after an `@`, the words
/// naming a version before a dotted number, the words describing a secret's state.
///
/// Why: each look-up built an array of the span's lowercase bytes (an allocation, freed at
/// once) and hashed it into a `Set<[UInt8]>`: 400 instructions, at every e-mail address and
/// every dotted number in text. Here the span is packed into two words and compared with the
/// few words of its length.
struct ShortWordSet: Sendable {
    static let maxLength = 16

    /// A word's bytes, little-endian, zero past its end.
    struct Packed: Sendable, Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0
    }

    /// The words by length (index 0 unused).
    private let byLength: [[Packed]]

    /// `words`: lowercase, 1 to ``maxLength`` bytes each.
    init(_ words: [String]) {
        var byLength = [[Packed]](repeating: [], count: Self.maxLength + 1)
        for word in words {
            let bytes = Array(word.utf8)
            precondition(!bytes.isEmpty && bytes.count <= Self.maxLength && bytes.allSatisfy { $0 &- 0x41 >= 26 }, "\(word)")
            byLength[bytes.count].append(Self.pack(bytes.count) { bytes[$0] })
        }
        self.byLength = byLength
    }

    /// The `n` bytes `byte(0)`, `byte(1)`… packed: the first eight in `low`, the rest in `high`.
    @inline(__always)
    private static func pack(_ n: Int, _ byte: (Int) -> UInt8) -> Packed {
        var packed = Packed()
        for k in 0..<min(n, 8) { packed.low |= UInt64(byte(k)) << UInt64(8 * k) }
        if n > 8 {
            for k in 8..<n { packed.high |= UInt64(byte(k)) << UInt64(8 * (k - 8)) }
        }
        return packed
    }

    /// True when `s[start..<end]`, its ASCII letters lowercased, is one of the words.
    func contains(_ s: Bytes, _ start: Int, _ end: Int) -> Bool {
        let n = end - start
        guard n > 0 && n <= Self.maxLength else { return false }
        return byLength[n].contains(Self.pack(n) { s.lower(start + $0) })
    }
}
