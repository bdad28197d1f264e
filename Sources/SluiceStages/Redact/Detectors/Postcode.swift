/// Postcodes of the main formats, read where an address or a postcode cue says one is
/// (never alone: `T4 8GB` is a GPU, `10115` a count):
///
/// - UK (`SW1A 1AA`, `M1 1AE`: outward code, space, digit and two letters);
/// - Canada (`K1A 0B1`), Ireland (`D02 X285`);
/// - the Netherlands (`1012 AB`), Brazil (`01310-100`), Japan (`100-0001`), Poland
///   (`00-950`), Portugal (`1000-001`), the US ZIP+4 (`94105-1234`);
/// - four to six digits (the US, Germany, France, Spain, Italy, Switzerland, Austria,
///   Belgium, the Nordics, Australia, India, China, Russia, Singapore).
enum Postcode {
    /// The end of the postcode starting at `i`, or nil.
    static func end(_ s: Bytes, at i: Int) -> Int? {
        guard i < s.n else { return nil }
        if s.isUpper(i) {
            return alphanumericEnd(s, at: i)
        }
        guard s.isDigit(i) else { return nil }
        var j = i
        while s.isDigit(j) { j += 1 }
        let digits = j - i
        // Digits then a dash and digits: ZIP+4, CEP, Japan, Poland, Portugal.
        if s.at(j) == 0x2D && s.isDigit(j + 1) {
            var k = j + 1
            while s.isDigit(k) { k += 1 }
            let tail = k - j - 1
            let shaped = (digits == 5 && (tail == 4 || tail == 3)) || (digits == 3 && tail == 4) || (digits == 2 && tail == 3) || (digits == 4 && tail == 3)
            return shaped && !s.isAlnum(k) ? k : nil
        }
        // The Netherlands: four digits, an optional space, two capitals.
        if digits == 4 {
            let k = s.at(j) == 0x20 ? j + 1 : j
            if s.isUpper(k) && s.isUpper(k + 1) && !s.isAlnum(k + 2) { return k + 2 }
        }
        // India, with a space: `560 001`.
        if digits == 3 && s.at(j) == 0x20 && s.isDigit(j + 1) && s.isDigit(j + 2) && s.isDigit(j + 3) && !s.isAlnum(j + 4) {
            return j + 4
        }
        guard digits >= 4 && digits <= 6, !s.isAlnum(j), s.at(j) != 0x2E || !s.isDigit(j + 1) else { return nil }
        return j
    }

    /// UK, Canadian and Irish postcodes, which start with a capital.
    static func alphanumericEnd(_ s: Bytes, at i: Int) -> Int? {
        // Canada: A9A 9A9.
        if s.isDigit(i + 1) && s.isUpper(i + 2) {
            let k = s.at(i + 3) == 0x20 ? i + 4 : i + 3
            if s.isDigit(k) && s.isUpper(k + 1) && s.isDigit(k + 2) && !s.isAlnum(k + 3) { return k + 3 }
        }
        // Ireland: A99 or D6W, a space, four letters or digits.
        if s.isDigit(i + 1) && (s.isDigit(i + 2) || s.at(i + 2) == UInt8(ascii: "W")) && s.at(i + 3) == 0x20 {
            var k = i + 4
            while k < i + 8 && (s.isUpper(k) || s.isDigit(k)) { k += 1 }
            if k == i + 8 && !s.isAlnum(k) && s.isUpper(i + 4) { return k }
        }
        // UK: outward A9, A99, AA9, AA99, A9A, AA9A; a space; inward 9AA.
        var k = i + 1
        if s.isUpper(k) { k += 1 }
        guard s.isDigit(k) else { return nil }
        k += 1
        if s.isDigit(k) || s.isUpper(k) { k += 1 }
        guard k - i >= 2 && k - i <= 4, s.at(k) == 0x20 else { return nil }
        let inward = k + 1
        guard s.isDigit(inward), inwardLetter(s.at(inward + 1)), inwardLetter(s.at(inward + 2)), !s.isAlnum(inward + 3) else { return nil }
        return inward + 3
    }

    /// The letters of a UK inward code (never C, I, K, M, O or V).
    static func inwardLetter(_ b: UInt8) -> Bool {
        b &- 0x41 < 26 && b != UInt8(ascii: "C") && b != UInt8(ascii: "I") && b != UInt8(ascii: "K")
            && b != UInt8(ascii: "M") && b != UInt8(ascii: "O") && b != UInt8(ascii: "V")
    }
}
