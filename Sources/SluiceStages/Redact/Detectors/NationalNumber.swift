/// National identifiers and IMEIs written only with digits, recognised from the groups of a
/// number token as cards and phones are (see ``NumberToken``): ``CanadaSINDetector``,
/// ``UKNHSDetector``, ``BrazilCPFDetector``, ``GermanSteuerIDDetector``,
/// ``AadhaarDetector`` and ``IMEIDetector``.
///
/// A number is taken in one of its written shapes, or as a bare run of the right length only
/// after a word that names it (in the 32 bytes before it, in its clause: `NHS 943 476 5919;
/// order 1982181311` names no second number) or in a member whose key does. Its
/// check digits must hold. A shaped number inside a longer run of space-separated groups (a
/// sub-range of `4111 1111 1111 1112`, thousands `1 234 567 890`) is not taken.
enum NationalNumber {
    /// The rules found here.
    static let rules: DetectorSet = {
        var set = DetectorSet()
        for r in [RedactRule.caSIN, RedactRule.ukNHS, RedactRule.brCPF, RedactRule.deSteuerID, RedactRule.inAadhaar, RedactRule.imei] {
            set.insert(r)
        }
        return set
    }()

    /// True when the `count` digit values in `d` are one digit repeated.
    static func allSame(_ d: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for k in 1..<count where d[k] != d[0] { return false }
        return true
    }

    /// The rule for groups `a...b` of `t` (digits only, no `+`, no parentheses) whose digit
    /// count is `n`. An NHS number is taken here only after `NHS`; one written as a phone
    /// number would be is tried after phones (``unnamedNHS(_:_:_:)``).
    static func classify(
        _ t: NumberToken, _ a: Int, _ b: Int, digits n: Int, _ s: Bytes, context: TextScanner.Context, enabled e: DetectorSet
    ) -> UInt16? {
        let d = t.digits + t.digitStart[a]
        let solid = a == b
        func named(_ words: KeywordList) -> Bool {
            let start = t.byteRange(a, b).start
            return s.windowHasWord(before: start, window: s.clauseWindow(before: start, limit: 32), words) || context.keyNames(words)
        }
        switch n {
        case 9:
            // Written 3-3-3 right after a phone word (`móvil 612 345 678`) or in a member named
            // for a phone, it is a phone unless the SIN is named too.
            if e.contains(RedactRule.caSIN), CanadaSINDetector.isValid(d),
                solid
                    ? named(CanadaSINDetector.keywords)
                    : CanadaSINDetector.isShaped(t, a, b) && t.isolated(a, b)
                        && (!PhoneDetector.named(s, before: t.byteRange(a, b).start, context: context) || named(CanadaSINDetector.keywords)) {
                return RedactRule.caSIN
            }
        case 10:
            if e.contains(RedactRule.ukNHS), solid || UKNHSDetector.isShaped(t, a, b) && t.isolated(a, b), UKNHSDetector.isValid(d),
                named(UKNHSDetector.keywords) {
                return RedactRule.ukNHS
            }
        case 11:
            if e.contains(RedactRule.brCPF), solid || BrazilCPFDetector.isShaped(t, a, b), BrazilCPFDetector.isValid(d),
                !solid || named(BrazilCPFDetector.keywords) {
                return RedactRule.brCPF
            }
            if e.contains(RedactRule.deSteuerID), solid || GermanSteuerIDDetector.isShaped(t, a, b) && t.isolated(a, b),
                GermanSteuerIDDetector.isValid(d), !solid || named(GermanSteuerIDDetector.keywords) {
                return RedactRule.deSteuerID
            }
        case 12:
            // Grouped 4-4-4 after a word naming a card, a Maestro card's number is that card.
            if e.contains(RedactRule.inAadhaar), solid || AadhaarDetector.isShaped(t, a, b) && t.isolated(a, b),
                AadhaarDetector.isValid(d), !solid || named(AadhaarDetector.keywords),
                solid || named(AadhaarDetector.keywords) || !maestroNamed(t, a, b, s, context: context, enabled: e) {
                return RedactRule.inAadhaar
            }
        case 15:
            if e.contains(RedactRule.imei), solid || IMEIDetector.isShaped(t, a, b) && t.isolated(a, b), IMEIDetector.isValid(d),
                !solid || named(IMEIDetector.keywords) {
                return RedactRule.imei
            }
        default:
            break
        }
        return nil
    }

    /// True when groups `a...b` hold a Maestro card's twelve digits and a word before them (or
    /// the member's key) names a card.
    private static func maestroNamed(
        _ t: NumberToken, _ a: Int, _ b: Int, _ s: Bytes, context: TextScanner.Context, enabled e: DetectorSet
    ) -> Bool {
        e.contains(RedactRule.creditCard) && CreditCardDetector.isCard(t.digits + t.digitStart[a], 12)
            && CreditCardDetector.named(s, before: t.byteRange(a, b).start, notBefore: 0, context: context)
    }

    /// An NHS number written 3-3-4 without `NHS` before it, tried after phones.
    static func unnamedNHS(_ t: NumberToken, _ a: Int, _ b: Int) -> Bool {
        UKNHSDetector.isShaped(t, a, b) && t.isolated(a, b) && UKNHSDetector.isValid(t.digits + t.digitStart[a])
    }
}

extension NumberToken {
    /// True when groups `a...b` do not continue a longer run of groups joined by the same
    /// separator: the group before, if joined so, is at most two digits and the ID's own
    /// groups are longer than three (not thousands, `1 234 567 890`); the group after, if
    /// joined so, is at most two digits (`2341 2341 2346 2 times`).
    func isolated(_ a: Int, _ b: Int) -> Bool {
        let sep = b > a ? separator[b] : 0x20
        if a > 0 && separator[a] == sep && (length(a - 1) >= 3 || length(a) <= 3) { return false }
        if b < groups - 1 && separator[b + 1] == sep && length(b + 1) >= 3 { return false }
        return true
    }
}
