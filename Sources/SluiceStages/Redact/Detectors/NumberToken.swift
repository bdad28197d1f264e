/// A number token: digit groups joined by single separators (space, dash, dot, or a
/// parenthesised group), optionally led by `+`, as in `+1 (415) 555-2671`, `4111 1111 1111 1111`,
/// `078-05-1120` or `203.0.113.7`. Cards, phones, SSNs and IPv4 addresses are recognised from
/// the groups, so a digit run is read once for all four.
///
/// Buffers are reused from token to token (no allocation once warmed up).
struct NumberToken {
    /// Separator codes besides the literal byte: none (digits right after `)`), or a group
    /// in parentheses.
    static let none: UInt8 = 0
    static let paren: UInt8 = 1
    static let maxGroups = 12
    static let maxDigits = 64

    var digits: [UInt8] = []
    var digitStart: [Int] = []
    var groupStart: [Int] = []
    var groupEnd: [Int] = []
    /// The separator before each group (`none` for the first).
    var separator: [UInt8] = []
    var inParens: [Bool] = []
    var plus = false
    var start = 0
    var end = 0
    var groups: Int { groupStart.count }

    init() {
        digits.reserveCapacity(Self.maxDigits)
        digitStart.reserveCapacity(Self.maxGroups)
        groupStart.reserveCapacity(Self.maxGroups)
        groupEnd.reserveCapacity(Self.maxGroups)
        separator.reserveCapacity(Self.maxGroups)
        inParens.reserveCapacity(Self.maxGroups)
    }

    /// Reads the token starting at `i` (a digit, `+` or `(`); false when there is no digit group.
    mutating func parse(_ s: Bytes, from i: Int) -> Bool {
        digits.removeAll(keepingCapacity: true)
        digitStart.removeAll(keepingCapacity: true)
        groupStart.removeAll(keepingCapacity: true)
        groupEnd.removeAll(keepingCapacity: true)
        separator.removeAll(keepingCapacity: true)
        inParens.removeAll(keepingCapacity: true)
        start = i
        var j = i
        plus = s[j] == 0x2B
        if plus { j += 1 }
        var sep = Self.none
        while groupStart.count < Self.maxGroups {
            var paren = false
            if s.at(j) == 0x28 && s.isDigit(j + 1) {
                paren = true
                j += 1
            }
            guard s.isDigit(j) else { break }
            let gs = j
            let ds = digits.count
            while j < s.n && s[j] &- 0x30 < 10 {
                if digits.count < Self.maxDigits { digits.append(s[j] &- 0x30) }
                j += 1
            }
            if paren && s.at(j) != 0x29 {
                // "(415 555": not a parenthesised group; the token ends before the "(".
                digits.removeSubrange(ds...)
                j = gs - 1
                break
            }
            digitStart.append(ds)
            groupStart.append(gs)
            groupEnd.append(j)
            separator.append(paren ? Self.paren : sep)
            inParens.append(paren)
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
        return !groupStart.isEmpty && digits.count < Self.maxDigits
    }

    func length(_ g: Int) -> Int { groupEnd[g] - groupStart[g] }
    func digitCount(_ a: Int, _ b: Int) -> Int { groupEnd[b] - groupStart[b] + digitStart[b] - digitStart[a] }
    func parenAt(_ g: Int) -> Bool { inParens[g] }

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
