/// The personal data found by context in text: a word the scanner skips is looked up in
/// ``PersonalLexicon`` and, when it is a cue, a listed name or a street type, handed to
/// ``PersonNameDetector``, ``AddressDetector`` or ``BirthDateDetector``.
///
/// Only capitalised words and the small words whose first, second, last but one and last
/// letters and length match a cue's are looked up (``mayStart(_:_:_:gate:)``): one or two
/// table loads for every other word.
enum PersonalDataDetector {
    /// The rules found here.
    static var rules: DetectorSet {
        var set = DetectorSet()
        set.bits = 1 << UInt64(RedactRule.personName) | 1 << UInt64(RedactRule.address) | 1 << UInt64(RedactRule.dateOfBirth)
        return set
    }

    /// True when the word `start..<end` of `s` (as the scanner reads it) may be a cue or a
    /// name: a capital, a letter outside ASCII after it, or a small word whose first and last
    /// letters and length are those of a cue, and its second and last but one letters too.
    @inline(__always)
    static func mayStart(_ s: Bytes, _ start: Int, _ end: Int, gate: UnsafePointer<UInt64>) -> Bool {
        let b = s[start]
        if b &- 0x41 < 26 || s.at(end) >= 0x80 { return true }
        guard b &- 0x61 < 26 else { return false }
        let n = end - start
        let i = PersonalLexicon.gateIndex(b, s[end - 1], n)
        guard gate[i >> 6] & (1 << UInt64(i & 63)) != 0 else { return false }
        let j = PersonalLexicon.innerGateIndex(s[n > 1 ? start + 1 : start], s[n > 1 ? end - 2 : start], n)
        return gate[j >> 6] & (1 << UInt64(j & 63)) != 0
    }

    /// True when the word `start..<end` may be a key written in text: a quote, `=` or an
    /// escaped quote follows it (`"customer_name":`, `full_name=`, `\"dob\":`).
    @inline(__always)
    static func mayBeKey(_ s: Bytes, _ start: Int, _ end: Int) -> Bool {
        let next = s.at(end)
        return end - start >= 3 && (next == 0x22 || next == 0x27 || next == 0x3D || (next == 0x5C && s.at(end + 1) == 0x22))
    }

    /// The match the word `start..<scannedEnd` leads to, never starting before `lowerBound`.
    static func match(_ s: Bytes, _ start: Int, _ scannedEnd: Int, enabled: DetectorSet, lowerBound: Int) -> RedactMatch? {
        let L = PersonalLexicon.self
        if mayBeKey(s, start, scannedEnd), let m = KeyedText.match(s, start, scannedEnd, enabled: enabled) { return m }
        var end = s.letterRunEnd(from: start)
        // Words with digits or underscores (`user_name`, `Model2`) are no words of these.
        guard end >= scannedEnd else { return nil }
        var roles: UInt32
        if scannedEnd == start + 1 && s.lower(start) == UInt8(ascii: "i") && (s.at(start + 1) == 0x27 || s.at(start + 1) == 0xE2 || s.at(start + 1) == 0x20) {
            end = start + 1
            roles = L.firstPerson
        } else {
            roles = L.roles(s, start, end)
        }
        let capital = s.isCapitalAt(start)
        // Spain's `C/ Gran Vía 459`.
        if scannedEnd == start + 1 && s[start] == UInt8(ascii: "C") && s.at(start + 1) == 0x2F && s.at(start + 2) == 0x20,
            enabled.contains(RedactRule.address),
            let m = AddressDetector.prefixStyle(s, start, start + 2, lowerBound: lowerBound, numberBefore: false) {
            return RedactMatch(start: m.start, end: AddressDetector.tail(s, from: m.end), rule: RedactRule.address)
        }
        if enabled.contains(RedactRule.address) {
            if roles & L.unit != 0 || (roles == 0 && end - start <= 5 && capital) || (end - start == 3 && s.lower(start) == UInt8(ascii: "b")),
                let m = AddressDetector.unitFirst(s, start, end, roles: roles) {
                return RedactMatch(start: m.start, end: m.end, rule: RedactRule.address)
            }
        }
        guard roles != 0 else {
            if capital, enabled.contains(RedactRule.address),
                let m = AddressDetector.compound(s, start, end) ?? AddressDetector.ward(s, start, end, lowerBound: lowerBound) {
                return RedactMatch(start: m.start, end: m.end, rule: RedactRule.address)
            }
            return nil
        }
        if roles & L.birthCue != 0, enabled.contains(RedactRule.dateOfBirth), let m = BirthDateDetector.match(s, start, end) {
            return RedactMatch(start: m.start, end: m.end, rule: RedactRule.dateOfBirth)
        }
        if enabled.contains(RedactRule.address) {
            if roles & L.postcodeCue != 0, let m = AddressDetector.postcodeAfterCue(s, start, end) {
                return RedactMatch(start: m.start, end: m.end, rule: RedactRule.address)
            }
            if roles & (L.streetSuffix | L.streetPrefix | L.streetAfterName) != 0,
                let m = AddressDetector.match(s, start, end, roles: roles, lowerBound: lowerBound) {
                return RedactMatch(start: m.start, end: m.end, rule: RedactRule.address)
            }
        }
        if enabled.contains(RedactRule.personName), let m = PersonNameDetector.match(s, start, end, roles: roles, lowerBound: lowerBound), m.start >= lowerBound {
            return RedactMatch(start: m.start, end: m.end, rule: RedactRule.personName)
        }
        return nil
    }
}
