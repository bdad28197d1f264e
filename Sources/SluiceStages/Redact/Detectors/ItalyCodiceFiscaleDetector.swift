/// Italian tax codes (codice fiscale) of persons: sixteen capitals and digits,
/// `RSSMRA85T10A562S` — three letters of the surname, three of the name, the year (two
/// digits), the month (a letter of `ABCDEHLMPRST`), the day (01–31, plus 40 for women), the
/// place (a letter and three digits) and a check letter: the sum of the first fifteen
/// characters through the odd-place and even-place tables, mod 26. Digits replaced by
/// `L`–`V` to tell two people with the same code apart (omocodia) are read as those digits.
/// Capital letters only.
enum ItalyCodiceFiscaleDetector {
    /// Cheap trigger at a capital followed by a capital: sixteen word bytes in a row.
    @inline(__always)
    static func mayStart(_ s: Bytes, at i: Int) -> Bool {
        s.isUpper(i + 5) && s.isAlnum(i + 15) && !s.isWord(i + 16)
    }

    /// The code starting at `i`; returns its end.
    static func match(_ s: Bytes, at i: Int) -> Int? {
        for k in 0..<6 where !s.isUpper(i + k) { return nil }
        guard number(s, i + 6) != nil, let day = number(s, i + 9), s.isUpper(i + 11), number(s, i + 12, digits: 3) != nil else {
            return nil
        }
        guard months.contains(s[i + 8]), (1...31).contains(day) || (41...71).contains(day), s.isUpper(i + 15) else { return nil }
        var sum = 0
        for k in 0..<15 {
            let b = s[i + k]
            let v = b &- 0x30 < 10 ? Int(b &- 0x30) : Int(b &- 0x41)
            sum += k % 2 == 0 ? Int(odd[v]) : v
        }
        return UInt8(0x41 + sum % 26) == s[i + 15] ? i + 16 : nil
    }

    static let months: [UInt8] = Array("ABCDEHLMPRST".utf8)
    /// Omocodia letters, standing for 0–9.
    static let omocodia: [UInt8] = Array("LMNPQRSTUV".utf8)

    /// The value of `digits` digit places from `k`, each a digit or an omocodia letter.
    static func number(_ s: Bytes, _ k: Int, digits: Int = 2) -> Int? {
        var v = 0
        for m in 0..<digits {
            let b = s.at(k + m)
            if b &- 0x30 < 10 {
                v = v * 10 + Int(b &- 0x30)
            } else if let d = omocodia.firstIndex(of: b) {
                v = v * 10 + d
            } else {
                return nil
            }
        }
        return v
    }

    /// Values of a character in an odd place (first, third, …): digits 0–9 as `A`–`J`.
    static let odd: [UInt8] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
}
