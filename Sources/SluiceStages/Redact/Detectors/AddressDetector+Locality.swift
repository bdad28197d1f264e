/// What follows a street in an address (``AddressDetector``): units and floors, districts,
/// cities, states and postcodes, read segment by segment.
extension AddressDetector {
    /// What follows a street, segment by segment (at most six): a unit (`, Apt 4B`,
    /// `, 3º izq.`, `/12`), a postcode and its city (`, 75002 Paris`), a locality after a comma
    /// or a line break (`, London NW1 6XE`, `, Springfield, IL 62704`, `\n31-019 Kraków`,
    /// `, Porto Alegre - RS, 90249-247`), a city alone when the phrase ends after it.
    static func tail(_ s: Bytes, from coreEnd: Int) -> Int {
        tailEnd(s, from: coreEnd).end
    }

    /// ``tail(_:from:)``, and whether it ended with a postcode.
    static func tailEnd(_ s: Bytes, from coreEnd: Int) -> (end: Int, postcode: Bool) {
        var end = coreEnd
        var postcode = false
        var segments = 0
        while segments < 6 {
            var j = end
            var strong = false
            switch s.at(j) {
            case 0x2C: j += 1; strong = true
            case 0x0A: j += 1; strong = true
            case 0x5C where s.at(j + 1) == UInt8(ascii: "n"): j += 2; strong = true
            case 0x2F where s.isAlnum(j + 1):
                // A door or staircase after the number: `Gasse 5/12`.
                var k = j + 1
                while s.isAlnum(k) && k - j <= 5 { k += 1 }
                end = k
                segments += 1
                continue
            default: break
            }
            j = s.skipSpaces(j, max: 2)
            guard j > end else { break }
            if let u = unitEnd(s, at: j) {
                end = u
                segments += 1
                continue
            }
            if let p = Postcode.end(s, at: j) {
                end = p
                postcode = true
                if s.at(p) == 0x20, let city = cityEnd(s, from: p + 1) { end = city }
                segments += 1
                continue
            }
            guard strong, let (e, withPostcode) = localityEnd(s, from: j) else { break }
            end = e
            postcode = postcode || withPostcode
            segments += 1
        }
        return (end, postcode)
    }

    /// A locality at `i`: a city (or district), then a state and a postcode, or a postcode;
    /// a city alone only where the phrase ends (`, London.`, `, Leeds,`).
    static func localityEnd(_ s: Bytes, from i: Int) -> (Int, Bool)? {
        guard var city = cityEnd(s, from: i) else { return nil }
        // A sector or block number after the name (`Sector 15A`, `Phase 2`).
        if s.at(city) == 0x20 && s.isDigit(city + 1) {
            var k = city + 1
            while s.isAlnum(k) && k - city <= 4 { k += 1 }
            if s.at(k) == 0x2C { city = k }
        }
        var k = city
        if s.at(k) == 0x2C { k += 1 }
        k = s.skipSpaces(k, max: 2)
        // `Porto Alegre - RS`, `Curitiba/PR`.
        if (s.at(k) == 0x2D && s.at(k + 1) == 0x20) || s.at(k) == 0x2F { k = s.skipSpaces(k + 1, max: 1) }
        // A state or province: two or three capitals (`IL`, `ON`, `QLD`).
        if s.isUpper(k) && s.isUpper(k + 1) && (!s.isAlnum(k + 2) || (s.isUpper(k + 2) && !s.isAlnum(k + 3))) {
            let afterState = s.isUpper(k + 2) ? k + 3 : k + 2
            let p = s.skipSpaces(afterState, max: 2)
            if let postcode = Postcode.end(s, at: p) { return (postcode, true) }
            return (afterState, false)
        }
        if k > city, let postcode = Postcode.end(s, at: k) { return (postcode, true) }
        let next = s.at(city)
        if city == s.n || next == 0x2E || next == 0x2C || next == 0x3B || next == 0x29 || next == 0x22 || next == 0x0A
            || (next == 0x5C && s.at(city + 1) == UInt8(ascii: "n")) || (next == 0x20 && s.at(city + 1) == 0x28) {
            return (city, false)
        }
        return nil
    }

    /// Words that start a unit or a floor (`Apt`, `Suite`, `Flat`, `piso`, `apto`, `izq`).
    static let unitWords: [StaticString] = ["apto", "piso", "puerta", "izq", "izda", "dcha", "esc", "étage", "etage", "stiege", "tür", "top", "bloco", "andar", "sala", "lok", "m"]

    /// The end of a unit at `i`: a unit word and its number (`Apt 4B`, `Suite 200`, `apto 84`),
    /// `#12`, or a floor written `3º izq.`, `2nd Floor`.
    static func unitEnd(_ s: Bytes, at i: Int) -> Int? {
        if s.at(i) == 0x23, s.isAlnum(i + 1) {
            var k = i + 1
            while s.isAlnum(k) && k - i <= 6 { k += 1 }
            return k
        }
        // `3º izq.`, `1º B`, `4ª`.
        if s.isDigit(i) {
            var k = i
            while s.isDigit(k) && k - i < 3 { k += 1 }
            guard s.at(k) == 0xC2 && (s.at(k + 1) == 0xBA || s.at(k + 1) == 0xAA) else { return nil }
            k += 2
            if s.at(k) == 0x20, s.isLetterByte(k + 1) {
                let we = s.letterRunEnd(from: k + 1)
                if we - k - 1 <= 4 { k = we }
            }
            if s.at(k) == 0x2E { k += 1 }
            return k
        }
        let we = s.letterRunEnd(from: i)
        guard we > i, we - i <= 9 else { return nil }
        var isUnit = PersonalLexicon.roles(s, i, we) & PersonalLexicon.unit != 0
        for word in unitWords where !isUnit && word.utf8CodeUnitCount == we - i && s.hasPrefixIgnoringCase(word, at: i) { isUnit = true }
        guard isUnit else { return nil }
        var k = we
        if s.at(k) == 0x2E { k += 1 }
        if s.at(k) == 0x20 { k += 1 }
        if s.at(k) == 0x23 { k += 1 }
        guard s.isAlnum(k) else { return k > we + 1 && s.at(we) == 0x2E ? we + 1 : nil }
        let tokenStart = k
        while s.isAlnum(k) && k - tokenStart < 6 { k += 1 }
        guard !s.isAlnum(k) else { return nil }
        if s.at(k) == 0x2E { k += 1 }
        return k
    }

    /// The end of a city's name at `i`: one to three capitalised words.
    static func cityEnd(_ s: Bytes, from i: Int) -> Int? {
        guard i < s.n else { return nil }
        var j = i
        var end: Int?
        var words = 0
        while words < 3 {
            if words == 0, let o = ordinalEnd(s, at: j), s.at(o) == 0x20, s.isCapitalAt(o + 1) {
                // `14th Cross`, `5th Avenue`.
                end = o
                words += 1
                j = o + 1
                continue
            }
            let we = s.letterRunEnd(from: j)
            guard we > j, s.isCapitalisedName(j, we) else { break }
            let r = PersonalLexicon.roles(s, j, we)
            if r & PersonalLexicon.stop != 0 && words == 0 { return nil }
            end = we
            words += 1
            guard s.at(we) == 0x20, s.isCapitalAt(we + 1) else { break }
            j = we + 1
        }
        return end
    }
}
