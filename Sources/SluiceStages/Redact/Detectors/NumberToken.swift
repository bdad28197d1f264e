/// A number token: digit groups joined by single separators (space, dash, dot, or a
/// parenthesised group), optionally led by `+`, as in `+1 (415) 555-2671`, `4111 1111 1111 1111`,
/// `078-05-1120` or `203.0.113.7`. Cards, phones, SSNs and IPv4 addresses are recognised from
/// the groups, so a digit run is read once for all four.
///
/// Storage is allocated once per scanner and reused from token to token.
final class NumberToken {
    /// Separator codes besides the literal byte: none (digits right after `)`), or a group
    /// in parentheses.
    static let none: UInt8 = 0
    static let paren: UInt8 = 1
    static let maxGroups = 12
    static let maxDigits = 64

    /// Digit values 0–9 of the whole token.
    let digits = UnsafeMutablePointer<UInt8>.allocate(capacity: NumberToken.maxDigits)
    let digitStart = UnsafeMutablePointer<Int>.allocate(capacity: NumberToken.maxGroups)
    let groupStart = UnsafeMutablePointer<Int>.allocate(capacity: NumberToken.maxGroups)
    let groupEnd = UnsafeMutablePointer<Int>.allocate(capacity: NumberToken.maxGroups)
    /// The separator before each group (`none` for the first).
    let separator = UnsafeMutablePointer<UInt8>.allocate(capacity: NumberToken.maxGroups)
    let inParens = UnsafeMutablePointer<Bool>.allocate(capacity: NumberToken.maxGroups)
    var groups = 0
    var digitCount = 0
    var plus = false
    var start = 0
    var end = 0

    init() {}

    deinit {
        digits.deallocate()
        digitStart.deallocate()
        groupStart.deallocate()
        groupEnd.deallocate()
        separator.deallocate()
        inParens.deallocate()
    }

    /// Reads the token starting at `i` (a digit, `+` or `(`); false when there is no digit
    /// group or the token is too long to be any of the values looked for.
    func parse(_ s: Bytes, from i: Int) -> Bool {
        groups = 0
        digitCount = 0
        start = i
        var j = i
        plus = s[j] == 0x2B
        if plus { j += 1 }
        var sep = Self.none
        while groups < Self.maxGroups {
            var paren = false
            if s.at(j) == 0x28 && s.isDigit(j + 1) {
                paren = true
                j += 1
            }
            guard s.isDigit(j) else { break }
            let gs = j
            let ds = digitCount
            while j < s.n && s[j] &- 0x30 < 10 {
                if digitCount < Self.maxDigits {
                    digits[digitCount] = s[j] &- 0x30
                    digitCount += 1
                }
                j += 1
            }
            if paren && s.at(j) != 0x29 {
                // "(415 555": not a parenthesised group; the token ends before the "(".
                digitCount = ds
                j = gs - 1
                break
            }
            digitStart[groups] = ds
            groupStart[groups] = gs
            groupEnd[groups] = j
            separator[groups] = paren ? Self.paren : sep
            inParens[groups] = paren
            groups += 1
            if paren { j += 1 }
            let b = s.at(j)
            if (b == 0x20 || b == 0x2D || b == 0x2E) && (s.isDigit(j + 1) || (s.at(j + 1) == 0x28 && s.isDigit(j + 2))) {
                sep = b
                j += 1
            } else if paren && (s.isDigit(j) || s.at(j) == 0x28) {
                sep = Self.none
            } else {
                break
            }
        }
        end = j
        return groups > 0 && digitCount < Self.maxDigits
    }

    /// Forgets the last group (the `2` of a following `2nd`); there must be another.
    func dropLastGroup() {
        groups -= 1
        digitCount = digitStart[groups]
        end = groupEnd[groups - 1] + (inParens[groups - 1] ? 1 : 0)
    }

    func length(_ g: Int) -> Int { groupEnd[g] - groupStart[g] }
    func digitCount(_ a: Int, _ b: Int) -> Int { groupEnd[b] - groupStart[b] + digitStart[b] - digitStart[a] }
    func parenAt(_ g: Int) -> Bool { inParens[g] }
    /// The first digit value of group `g`.
    func firstDigit(_ g: Int) -> UInt8 { digits[digitStart[g]] }

    /// True when every separator between groups `a...b` is the same byte, one of `among`.
    func separatorsAreUniform(_ a: Int, _ b: Int, among: [UInt8]) -> Bool {
        guard b > a else { return true }
        let first = separator[a + 1]
        guard among.contains(first) else { return false }
        for g in (a + 1)...b where separator[g] != first { return false }
        return true
    }

    /// True when every separator between groups `a...b` is in `allowed` (groups in
    /// parentheses count as `paren`).
    func separatorsAreAny(_ a: Int, _ b: Int, of allowed: [UInt8]) -> Bool {
        guard b > a else { return true }
        for g in (a + 1)...b where !allowed.contains(separator[g]) { return false }
        return true
    }

    /// Byte range of groups `a...b`, including a leading `+` or `(` and a closing `)`.
    func byteRange(_ a: Int, _ b: Int) -> (start: Int, end: Int) {
        var lo = groupStart[a]
        if inParens[a] { lo -= 1 }
        if a == 0 && plus { lo = start }
        var hi = groupEnd[b]
        if inParens[b] { hi += 1 }
        return (lo, hi)
    }
}
