/// Spanish identity numbers, each ending in the check letter of the mod-23 table
/// (`TRWAGMYFPDXBNJZSQVHLCKE`, indexed by the number mod 23):
///
/// - `es_dni` (DNI): eight digits and the letter, `12345678Z` or `12345678-Z`;
/// - `es_nie` (NIE, foreigners): `X`, `Y` or `Z` (counting as 0, 1, 2 before the digits),
///   seven digits and the letter, `X1234567L`, `X-1234567-L`.
///
/// Capital letters only; the number must stand as a word of its own (`20261124T103000Z`, an
/// ISO basic timestamp, runs on and is no DNI).
enum SpainDNIDetector {
    static let letters: [UInt8] = Array("TRWAGMYFPDXBNJZSQVHLCKE".utf8)

    /// The DNI whose eight digits are `i..<i+8` (a digit word's run, checked by the caller);
    /// returns its end.
    static func matchDNI(_ s: Bytes, at i: Int) -> Int? {
        var j = i + 8
        if s.at(j) == 0x2D { j += 1 }
        guard s.isUpper(j), !s.isWord(j + 1) else { return nil }
        var n = 0
        for k in i..<(i + 8) { n = n * 10 + Int(s[k] &- 0x30) }
        return letters[n % 23] == s[j] ? j + 1 : nil
    }

    /// The NIE starting at `i` (an `X`, `Y` or `Z` at a word start); returns its end.
    static func matchNIE(_ s: Bytes, at i: Int) -> Int? {
        var n = Int(s[i] &- 0x58)
        var j = i + 1
        let dashed = s.at(j) == 0x2D
        if dashed { j += 1 }
        for _ in 0..<7 {
            guard s.isDigit(j) else { return nil }
            n = n * 10 + Int(s[j] &- 0x30)
            j += 1
        }
        if dashed {
            guard s.at(j) == 0x2D else { return nil }
            j += 1
        }
        guard s.isUpper(j), !s.isWord(j + 1) else { return nil }
        return letters[n % 23] == s[j] ? j + 1 : nil
    }
}
