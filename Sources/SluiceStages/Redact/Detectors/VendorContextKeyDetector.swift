/// API keys with no prefix of their own (rule `api_key`), taken only where the vendor's name
/// stands as a word (``Bytes/windowHasWord(before:window:_:)``) in the 48 bytes before the
/// key (with no earlier match or mask between them), or in the key of the member holding it:
///
/// | vendor | word | key |
/// | --- | --- | --- |
/// | Cohere | `cohere` | 40 letters and digits |
/// | Mistral | `mistral` | 32 letters and digits |
/// | Pinecone (legacy keys) | `pinecone` | a UUID, `8-4-4-4-12` hex digits |
///
/// A 32- or 40-character key must hold a capital, a small letter and a digit — issued keys
/// do (a random one lacks a capital once in 36 million) — so a trace id or git SHA (hex, one
/// case) next to the vendor's name (`mistral-7b … trace 4bf9…`) is not taken. A UUID is
/// taken only after `pinecone`: elsewhere it is a request id.
enum VendorContextKeyDetector {
    static let window = 48
    static let cohere: KeywordList = ["cohere"]
    static let mistral: KeywordList = ["mistral"]
    static let pinecone: KeywordList = ["pinecone"]

    /// True when a word of `length` bytes followed by `next` may be a key here (one compare
    /// for most words).
    @inline(__always) static func mayStart(length: Int, next: UInt8) -> Bool {
        length & 7 == 0 && (length == 32 || length == 40 || (length == 8 && next == 0x2D))
    }

    /// The end of the key that is the word `i..<end`, or the UUID starting at `i`, when the
    /// vendor's name is near; nil otherwise.
    @inline(never)
    static func match(_ s: Bytes, at i: Int, wordEnd end: Int, context: TextScanner.Context, notBefore: Int) -> Int? {
        let length = end - i
        if length == 8 {
            guard let uuidEnd = uuid(s, at: i) else { return nil }
            return named(s, i, pinecone, context, notBefore) ? uuidEnd : nil
        }
        guard length == 32 || length == 40, mixedCase(s, i, end) else { return nil }
        return named(s, i, length == 40 ? cohere : mistral, context, notBefore) ? end : nil
    }

    /// True when one of `words` names the key at `i`: in the key of the member, or in the
    /// window before it after `notBefore` (the end of the last match) and after any mask in it.
    /// A name before an earlier match or mask goes with that one: masking it shortens the
    /// text, and must not bring the name nearer to what follows (redacting twice changes
    /// nothing).
    static func named(_ s: Bytes, _ i: Int, _ words: KeywordList, _ context: TextScanner.Context, _ notBefore: Int) -> Bool {
        if context.keyNames(words) { return true }
        var lo = max(i - window, notBefore)
        var k = i - 1
        while k >= lo {
            if s[k] == 0x5B && s.hasPrefix("[REDACTED", at: k) {
                lo = k + 9
                break
            }
            k -= 1
        }
        return lo < i && s.windowHasWord(before: i, window: i - lo, words)
    }

    /// True when `i..<end` (a multiple of 8 bytes long, inside `s`) is letters and digits
    /// only, with a capital, a small letter and a digit. Eight bytes at a time, as bit masks
    /// (it runs on every trace id).
    static func mixedCase(_ s: Bytes, _ i: Int, _ end: Int) -> Bool {
        var digit: UInt64 = 0, upper: UInt64 = 0, lower: UInt64 = 0
        var k = i
        while k + 8 <= end {
            let x = UnsafeRawPointer(s.p + k).loadUnaligned(as: UInt64.self)
            guard x & 0x8080_8080_8080_8080 == 0 else { return false }
            let d = between(x, 0x2F, 0x3A), u = between(x, 0x40, 0x5B), l = between(x, 0x60, 0x7B)
            guard d | u | l == 0x8080_8080_8080_8080 else { return false }
            digit |= d
            upper |= u
            lower |= l
            k += 8
        }
        return k == end && digit != 0 && upper != 0 && lower != 0
    }

    /// The high bit of each byte of `x` (all below 0x80) that lies strictly between `m` and `n`.
    @inline(__always) static func between(_ x: UInt64, _ m: UInt64, _ n: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low = x & (ones &* 127)
        return (ones &* (127 &+ n) &- low) & ~x & (low &+ ones &* (127 &- m)) & (ones &* 128)
    }

    static let groups = [8, 4, 4, 4, 12]

    /// The end of a UUID (`8-4-4-4-12` hex digits, either case) starting at `i`, standing alone.
    static func uuid(_ s: Bytes, at i: Int) -> Int? {
        var k = i
        for (g, size) in groups.enumerated() {
            if g > 0 {
                guard s.at(k) == 0x2D else { return nil }
                k += 1
            }
            for _ in 0..<size {
                guard s.isHex(k) else { return nil }
                k += 1
            }
        }
        return s.isWord(k) || s.at(k) == 0x2D ? nil : k
    }
}
