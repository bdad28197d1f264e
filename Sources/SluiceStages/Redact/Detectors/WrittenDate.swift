/// Calendar dates as people write them, for ``BirthDateDetector``:
///
/// - numbers: `1985-03-14`, `1985/03/14`, `14/03/1985`, `03/14/1985`, `14.03.1985`,
///   `14-03-85`, `3/14/85`, `19850314`;
/// - with a month's name (English, French, Spanish, German, Italian, Portuguese; full or
///   abbreviated): `March 14, 1985`, `Mar 14th 1985`, `14 March 1985`, `14th of March, 1985`,
///   `14-Mar-1985`, `14. März 1985`, `27. 12. 1981`, `March 1985`; month names also in Dutch,
///   Swedish, Polish, Czech, Turkish, Hungarian, Finnish and Greek.
///
/// Days are 1–31 and months 1–12; a four-digit year is 1900–2099.
enum WrittenDate {
    /// The end of the date starting at `i`, or nil. With `yearless`, a day and a month's name
    /// without a year count too (`birthday: October 2`, `2 Oct`).
    static func end(_ s: Bytes, at i: Int, yearless: Bool = false) -> Int? {
        if s.isDigit(i) { return numericStart(s, at: i, yearless: yearless) }
        if let (_, e) = monthName(s, at: i) { return monthFirst(s, at: e, yearless: yearless) }
        return nil
    }

    /// The digits at `i`: value, end.
    static func number(_ s: Bytes, at i: Int, max: Int = 4) -> (value: Int, end: Int)? {
        var j = i
        var v = 0
        while s.isDigit(j) && j - i < max {
            v = v * 10 + Int(s[j] - 0x30)
            j += 1
        }
        guard j > i, !s.isDigit(j) else { return nil }
        return (v, j)
    }

    /// The month name at `i`: its number and end (an abbreviation's dot included).
    static func monthName(_ s: Bytes, at i: Int) -> (Int, Int)? {
        let we = s.letterRunEnd(from: i)
        guard we - i >= 3 else { return nil }
        let r = PersonalLexicon.roles(s, i, we)
        guard r & PersonalLexicon.month != 0 else { return nil }
        return (PersonalLexicon.monthNumber(r), s.at(we) == 0x2E ? we + 1 : we)
    }

    static func isYear(_ v: Int, digits: Int) -> Bool { digits == 2 || (digits == 4 && v >= 1900 && v <= 2099) }

    /// A date that starts with digits.
    static func numericStart(_ s: Bytes, at i: Int, yearless: Bool = false) -> Int? {
        // Eight digits: YYYYMMDD or DDMMYYYY.
        var run = i
        while s.isDigit(run) { run += 1 }
        if run - i == 8 && !s.isAlnum(run) {
            let d = (0..<8).map { Int(s[i + $0] - 0x30) }
            let y1 = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3], m1 = d[4] * 10 + d[5], d1 = d[6] * 10 + d[7]
            if isYear(y1, digits: 4) && (1...12).contains(m1) && (1...31).contains(d1) { return run }
            let d2 = d[0] * 10 + d[1], m2 = d[2] * 10 + d[3], y2 = d[4] * 1000 + d[5] * 100 + d[6] * 10 + d[7]
            if isYear(y2, digits: 4) && (1...12).contains(m2) && (1...31).contains(d2) { return run }
            return nil
        }
        guard let (a, ae) = number(s, at: i) else { return nil }
        let aDigits = ae - i
        let sep = s.at(ae)
        if sep == 0x2D || sep == 0x2F || sep == 0x2E {
            // `14-Mar-1985`.
            if let (month, me) = monthName(s, at: ae + 1), s.at(me) == sep || (s.at(me - 1) == 0x2E && s.at(me) == 0x20),
                let (y, ye) = number(s, at: me + 1), isYear(y, digits: ye - me - 1), (1...31).contains(a), month > 0 {
                return ye
            }
            guard let (b, be) = number(s, at: ae + 1, max: 2), s.at(be) == sep, let (c, ce) = number(s, at: be + 1) else {
                // `14. März 1985`, `27. 12. 1981`.
                if sep == 0x2E && s.at(ae + 1) == 0x20 {
                    if aDigits <= 2, let (m, me) = number(s, at: ae + 2, max: 2), s.at(me) == 0x2E, s.at(me + 1) == 0x20,
                        let (y, ye) = number(s, at: me + 2), isYear(y, digits: ye - me - 2), (1...31).contains(a), (1...12).contains(m), !s.isAlnum(ye) {
                        return ye
                    }
                    return dayFirst(s, day: a, digits: aDigits, at: ae + 2, yearless: yearless)
                }
                return nil
            }
            let cDigits = ce - be - 1
            if s.isAlnum(ce) || (s.at(ce) == sep && s.isDigit(ce + 1)) { return nil }
            if aDigits == 4 {
                return isYear(a, digits: 4) && (1...12).contains(b) && (1...31).contains(c) && cDigits <= 2 ? ce : nil
            }
            guard aDigits <= 2, isYear(c, digits: cDigits) else { return nil }
            let dayMonth = (1...31).contains(a) && (1...12).contains(b)
            let monthDay = (1...12).contains(a) && (1...31).contains(b)
            return dayMonth || monthDay ? ce : nil
        }
        if sep == 0x20 || (aDigits <= 2 && s.isLetterByte(ae)) {
            return dayFirst(s, day: a, digits: aDigits, at: ae, yearless: yearless)
        }
        return nil
    }

    /// `14 March 1985`, `14th of March, 1985`, `1st Jan 85`: the day read, `i` after its digits.
    static func dayFirst(_ s: Bytes, day: Int, digits: Int, at i: Int, yearless: Bool = false) -> Int? {
        guard digits <= 2, (1...31).contains(day) else { return nil }
        var j = i
        if let o = ordinalSuffix(s, at: j) { j = o }
        j = s.skipSpaces(j, max: 2)
        if s.hasPrefixIgnoringCase("of ", at: j) || s.hasPrefixIgnoringCase("de ", at: j) { j += 3 }
        guard let (_, me) = monthName(s, at: j) else { return nil }
        var k = me
        if s.at(k) == 0x2C { k += 1 }
        if s.hasPrefixIgnoringCase(" de ", at: k) { k += 3 }
        guard s.at(k) == 0x20 || s.at(k) == 0x2D, let (y, ye) = number(s, at: k + 1), isYear(y, digits: ye - k - 1), !s.isAlnum(ye) else {
            return yearless && !s.isLetterByte(me) ? me : nil
        }
        return ye
    }

    /// `March 14, 1985`, `Mar. 14th 1985`, `March 1985`: `i` is after the month's name.
    static func monthFirst(_ s: Bytes, at i: Int, yearless: Bool = false) -> Int? {
        guard s.at(i) == 0x20 || s.at(i) == 0x2D else { return nil }
        guard let (v, e) = number(s, at: i + 1) else { return nil }
        let digits = e - i - 1
        if digits == 4 { return isYear(v, digits: 4) && !s.isAlnum(e) ? e : nil }
        guard digits <= 2, (1...31).contains(v) else { return nil }
        var j = e
        if let o = ordinalSuffix(s, at: j) { j = o }
        let dayEnd = j
        if s.at(j) == 0x2C { j += 1 }
        guard s.at(j) == 0x20 || s.at(j) == 0x2D, let (y, ye) = number(s, at: j + 1), isYear(y, digits: ye - j - 1), !s.isAlnum(ye) else {
            return yearless && !s.isAlnum(dayEnd) ? dayEnd : nil
        }
        return ye
    }

    /// The end of an ordinal suffix at `i` (`st`, `nd`, `rd`, `th`, `º`, `er`).
    static func ordinalSuffix(_ s: Bytes, at i: Int) -> Int? {
        let a = s.lower(i), b = s.lower(i + 1)
        if (a == 0x73 && b == 0x74) || (a == 0x6E && b == 0x64) || (a == 0x72 && b == 0x64) || (a == 0x74 && b == 0x68) || (a == 0x65 && b == 0x72) {
            return s.isLetterByte(i + 2) ? nil : i + 2
        }
        if a == 0xC2 && b == 0xBA { return i + 2 }
        return nil
    }
}
