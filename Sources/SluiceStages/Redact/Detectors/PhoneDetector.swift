/// Phone numbers, from the digit groups of a number token:
///
/// - international: `+` then 8–15 digits (E.164), any grouping with spaces, dashes, dots or
///   a parenthesised group: `+1 415 555 2671`, `+44 (0)20 7946 0958`, `+4915123456789`;
///   `00` then 10–15 digits likewise (`0049 30 1234567`);
/// - North American: `(415) 555-2671`, `415-555-2671`, `415.555.2671`, `415 555 2671`,
///   `1-415-555-2671` (area code and exchange start with 2–9);
/// - national with a trunk `0`: 10–12 digits in two or more groups of at least two digits,
///   `020 7946 0958`, `030 12345678`, `06 12 34 56 78`, `(0)30-1234-5678`;
/// - national numbers without a trunk `0` (`347 123 4567`, `612 34 56 78`, `98765 43210`,
///   `8 (912) 345-67-89`): 9–12 digits in 2–5 groups, only after a phone word or in a
///   phone-named member;
/// - ten or eleven digits in a row only right after a word such as `phone`, `tel`, `mobile`
///   or `call`, or as the value of a member whose key says so (`phone_number`, `mobile`):
///   otherwise they are order or build numbers.
///
/// Dates (`2026-11-24`), times and decimals never have these shapes.
enum PhoneDetector {
    static let keywords: [StaticString] = ["phone", "tel", "mobile", "cell", "call", "sms", "fax", "whatsapp", "contact"]

    /// Classifies groups `a...b` of `t` as a phone number.
    static func matches(_ t: NumberToken, _ a: Int, _ b: Int, _ s: Bytes, context: TextScanner.Context) -> Bool {
        let n = t.digitCount(a, b)
        guard n >= 8 && n <= 15 else { return false }
        let first = t.firstDigit(a)
        let groups = b - a + 1
        if a == 0 && t.plus {
            return first != 0 && t.separatorsAreAny(a, b, of: [0x20, 0x2D, 0x2E, NumberToken.paren, NumberToken.none])
        }
        // North American Numbering Plan.
        if n == 10 || n == 11 {
            let lens = (t.length(a), groups > 1 ? t.length(a + 1) : 0, groups > 2 ? t.length(a + 2) : 0, groups > 3 ? t.length(a + 3) : 0)
            if groups == 3 && lens.0 == 3 && lens.1 == 3 && lens.2 == 4 {
                let d = t.digitStart[a]
                if t.digits[d] >= 2 && t.digits[d + 3] >= 2
                    && (t.separatorsAreUniform(a, b, among: [0x20, 0x2D, 0x2E])
                        || (t.parenAt(a) && t.separatorsAreAny(a, b, of: [0x2D, 0x20, 0x2E, NumberToken.none]))) {
                    return true
                }
            }
            if groups == 4 && lens.0 == 1 && lens.1 == 3 && lens.2 == 3 && lens.3 == 4 && first == 1 {
                let d = t.digitStart[a + 1]
                if t.digits[d] >= 2 && t.digits[d + 3] >= 2
                    && (t.separatorsAreUniform(a, b, among: [0x20, 0x2D, 0x2E]) || t.parenAt(a + 1)) {
                    return true
                }
            }
        }
        if first == 0 && groups >= 2 {
            let international = t.digits[t.digitStart[a] + 1] == 0
            let range = international ? 10...15 : 10...12
            guard range.contains(n) else { return false }
            for g in a...b where t.length(g) < 2 && !(g == a && t.parenAt(g)) { return false }
            return t.separatorsAreAny(a, b, of: [0x20, 0x2D, 0x2E, NumberToken.paren, NumberToken.none])
        }
        // National numbers written without a trunk 0 (Italy `333 123 4567`, Spain `612 34 56 78`,
        // India `98765 43210`, China `138 0013 8000`, Mexico `55 1234 5678`, Poland
        // `512 345 678`, Russia `8 (912) 345-67-89`): 9–12 digits in 2–5 groups of at least two
        // digits (a leading `8` or `1` may stand alone), only after a phone word or in a member
        // whose key says phone: on their own such groups are amounts, ids and sizes.
        if groups >= 2 && groups <= 5 && n >= 9 && n <= 12,
            t.separatorsAreAny(a, b, of: [0x20, 0x2D, 0x2E, NumberToken.paren]),
            s.windowContains(before: t.start, window: 24, keywords) || context.keyMentions(keywords)
        {
            // A 3-3-4 number that passes the NHS check is left to `uk_nhs`.
            var ok = !(n == 10 && NationalNumber.unnamedNHS(t, a, b))
            for g in a...b where t.length(g) < 2 && !(g == a && (t.digits[t.digitStart[g]] == 8 || t.digits[t.digitStart[g]] == 1)) { ok = false }
            if ok { return true }
        }
        if groups == 1 && (n == 10 || n == 11) && (s.windowContains(before: t.start, window: 24, keywords) || context.keyMentions(keywords)) {
            let d = t.digitStart[a]
            if first == 0 { return true }
            if n == 10 { return t.digits[d] >= 2 && t.digits[d + 3] >= 2 }
            return first == 1 && t.digits[d + 1] >= 2 && t.digits[d + 4] >= 2
        }
        return false
    }
}
