/// Passport numbers, only where the text says so: the value after the word `passport`
/// (any case), optionally followed by `no`, `nr`, `num`, `number` or `#` (with `_`, `-`, `.`
/// or a space, as in `passport no.`, `Passport Number:`, `passport_number=`,
/// `"passport_no":"…"`), or the whole value of a member whose key names it
/// (`passport_number`, `passportNo`). The value is 6–9 letters and digits holding at least
/// one digit (`X1234567`, `123456789`, `C01X00T47`), standing as a word of its own.
///
/// Without the word nothing is taken: passport numbers have no check digit visible outside
/// their machine-readable zone.
enum PassportDetector {
    static let keywords: KeywordList = ["passport"]
    static let suffixes: [StaticString] = ["number", "num", "nr", "no"]

    /// The number after the word `passport` at `i` (a `p` or `P` at a word start); returns
    /// its range, or nil (the caller skips the word).
    static func match(_ s: Bytes, at i: Int) -> (start: Int, end: Int)? {
        guard s.hasPrefixIgnoringCase("passport", at: i) else { return nil }
        var j = i + 8
        // `_no`, ` number`, `-nr`, `No`, `#`.
        var k = j
        if s.at(k) == 0x5F || s.at(k) == 0x2D || s.at(k) == 0x20 { k += 1 }
        // A suffix stands alone: `passport NR2780567` is a number starting with `NR`.
        for suffix in suffixes where s.hasPrefixIgnoringCase(suffix, at: k) && !s.isAlnum(k + suffix.utf8CodeUnitCount) {
            j = k + suffix.utf8CodeUnitCount
            break
        }
        if s.at(j) == 0x2E || s.at(j) == 0x23 { j += 1 }
        guard !s.isWord(j) else { return nil }
        // Separators: spaces, `:`, `=`, `#`, quotes, and the backslashes of JSON written as text.
        var gap = 0
        while gap < 6, j < s.n {
            let b = s[j]
            guard b == 0x20 || b == 0x3A || b == 0x3D || b == 0x23 || b == 0x22 || b == 0x27 || b == 0x5C else { break }
            j += 1
            gap += 1
        }
        guard let end = valueEnd(s, from: j) else { return nil }
        return (j, end)
    }

    /// The end of a passport number starting at `j`: 6–9 letters and digits with a digit,
    /// not followed by another word character.
    static func valueEnd(_ s: Bytes, from j: Int) -> Int? {
        var k = j
        var digit = false
        while k < s.n && k - j < 10 {
            let c = s.cls(k)
            guard c & ByteClass.alnum != 0 else { break }
            if c & ByteClass.digit != 0 { digit = true }
            k += 1
        }
        guard k - j >= 6, k - j <= 9, digit, !s.isWord(k) else { return nil }
        return k
    }
}
