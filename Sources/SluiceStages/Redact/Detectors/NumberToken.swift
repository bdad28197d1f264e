/// A number token: digit groups joined by single separators (space, dash, dot, or a
/// parenthesised group), optionally led by `+`, as in `+1 (415) 555-2671`, `4111 1111 1111 1111`,
/// `078-05-1120` or `203.0.113.7`. Cards, phones, SSNs and IPv4 addresses are recognised from
/// the groups, so a digit run is read once for all four.
///
/// One `/` may join groups too, where a phone's area code ends (`030/1234567`,
/// `0470/12.34.56`, `+43 664/1234567`, `+49 (0)30/1234567`): after a first group of two to
/// five digits starting with `0` (not itself after a `/`), or after the second or third
/// group of a `+` number, and never once a dot has joined groups — so dates (`01/02/2026` is
/// read as `01/02` only, `12/03/2026` as `12`, `03`, `2026`), fractions and CIDR suffixes
/// (`10.0.0.0/8`) stay out of the token.
///
/// Storage is allocated once per scanner and reused from token to token.
final class NumberToken {
    /// Separator codes besides the literal byte: none (digits right after `)`), or a group
    /// in parentheses.
    static let none: UInt8 = 0
    static let paren: UInt8 = 1
    static let slash: UInt8 = 0x2F
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
    /// True when the byte before the token is a `/`.
    private var slashBefore = false

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
        // A `/` may still join groups: none yet, and no `.` (see the type's notes); not in a
        // token that follows one (`12/03/2026` is no `03/2026`).
        var slashAllowed = true
        slashBefore = s.at(i - 1) == Self.slash
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
                if b == 0x2E { slashAllowed = false }
                j += 1
            } else if b == Self.slash && slashAllowed && !paren && s.isDigit(j + 1) && slashMayFollow(lastGroupLength: j - gs) {
                sep = b
                slashAllowed = false
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

    /// True when a `/` may follow the group just read (the area code of a phone number).
    @inline(__always) private func slashMayFollow(lastGroupLength length: Int) -> Bool {
        guard length <= 5 else { return false }
        if plus { return groups == 2 || groups == 3 }
        return groups == 1 && length >= 2 && digits[0] == 0 && !slashBefore
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
