/// Bearer tokens: the word `Bearer` (any case), spaces, then a token of RFC 6750
/// characters (`A-Z a-z 0-9 - . _ ~ + /`, trailing `=`) at least 16 long, or at least 8
/// long with a digit. Only the token is matched, so `Bearer [REDACTED:bearer_token]` stays
/// readable.
enum BearerTokenDetector {
    @inline(__always)
    static func isTokenByte(_ b: UInt8) -> Bool {
        ByteClass.table[Int(b)] & ByteClass.word != 0 || b == 0x2D || b == 0x2E || b == 0x7E || b == 0x2B || b == 0x2F
    }

    /// The token after the word `bearer` at `i`; returns its range.
    static func match(_ s: Bytes, at i: Int) -> (start: Int, end: Int)? {
        guard s.hasPrefixIgnoringCase("bearer", at: i), !s.isWord(i + 6), s.at(i + 6) == 0x20 else { return nil }
        var j = i + 7
        while s.at(j) == 0x20 { j += 1 }
        let start = j
        var hasDigit = false
        while j < s.n && isTokenByte(s[j]) {
            if s[j] &- 0x30 < 10 { hasDigit = true }
            j += 1
        }
        while s.at(j) == 0x3D { j += 1 }
        let length = j - start
        guard length >= 16 || (length >= 8 && hasDigit) else { return nil }
        // Already masked by an earlier pass or stage.
        if s.at(start) == 0x5B { return nil }
        return (start, j)
    }
}
