/// Postal addresses in text (rule `address`): a street type with the street's name and a
/// house number where each language puts them, then what usually follows.
///
/// - `221B Baker Street`, `1600 Pennsylvania Avenue NW`, `42 W 5th St.`: number, name, type
///   (``PersonalLexicon/streetSuffix``);
/// - `12 rue de la Paix`, `Via Roma 10`, `Calle Mayor, 12`, `Rua Augusta 1234`, `ul. Długa 5`:
///   a type first (``PersonalLexicon/streetPrefix``), the number before or after the name;
/// - `Hauptstraße 5`, `Berliner Str. 12a`, `Keizersgracht 123`, `Kastanjelaan 7`: a word
///   ending in a street type, or such a type after the name, then the number;
/// - then a unit (`Apt 4B`, `Suite 200`, `#12`), and a locality: `, London NW1 6XE`,
///   `, Springfield, IL 62704`, `, 75002 Paris`, `, Toronto, ON M5V 2T6`, or a city alone;
/// - German streets without a type (`Am Markt 3`, `Im Winkel 7`);
/// - a postcode after a cue (`zip 94105`, `postcode: SW1A 1AA`, `PLZ 10115`, `CAP 80102`, see
///   ``Postcode``).
///
/// Blind spots: addresses without a street type (`Flat 3, The Grange`), with the number
/// far from the street, and Asian block addresses (`〒100-0001 東京都千代田区…`).
enum AddressDetector {
    /// Suffixes of street names written as one word (`Hauptstraße`, `Kerkstraat`).
    static let compoundSuffixes: [StaticString] = [
        "strasse", "straße", "str.", "weg", "gasse", "platz", "allee", "damm", "ufer", "straat", "laan", "gracht",
        "plein", "kade", "singel", "steeg", "dijk", "vej", "gade", "gatan", "vägen", "veien", "ring",
    ]

    /// Street types that, written small, are still street types (`12 main st`); `way`,
    /// `place`, `drive` written small are other words.
    static let smallTypes: [StaticString] = ["street", "st", "avenue", "ave", "road", "rd", "blvd", "boulevard", "hwy", "highway", "pkwy"]

    /// The address around the street type at `start..<end` (roles `roles`), never starting
    /// before `lowerBound`.
    static func match(_ s: Bytes, _ start: Int, _ end: Int, roles: UInt32, lowerBound: Int) -> (start: Int, end: Int)? {
        let L = PersonalLexicon.self
        if roles & L.streetSuffix != 0, let core = suffixStyle(s, start, end, lowerBound: lowerBound) {
            return (core.start, tail(s, from: core.end))
        }
        if roles & L.streetPrefix != 0 {
            // German `Am Markt 3`, `Im Winkel 7`: capitalised, and the number after the name.
            let german = end - start <= 3 && roles & L.particle != 0
            if !german || s.isCapitalAt(start), let core = prefixStyle(s, start, end, lowerBound: lowerBound, numberBefore: !german) {
                return (core.start, tail(s, from: core.end))
            }
        }
        if roles & L.streetAfterName != 0 {
            // `Berliner Straße 12`: a capitalised name before, a number after.
            var typeEnd = end
            if s.at(typeEnd) == 0x2E { typeEnd += 1 }
            guard s.at(start - 1) == 0x20, s.at(typeEnd) == 0x20, let number = houseNumberEnd(s, at: typeEnd + 1) else { return nil }
            let nameStart = wordStart(s, endingAt: start - 1)
            guard nameStart >= lowerBound, nameStart < start - 1, s.isCapitalisedName(nameStart, start - 1) else { return nil }
            return (nameStart, tail(s, from: number))
        }
        return nil
    }

    /// An address that starts with its unit or box: `Flat 302, Sai Krupa Apartments, …,
    /// Bengaluru, Karnataka 560038`, `House No. 221, Sector 15A, Noida, Uttar Pradesh 201301`
    /// (only when the locality ends with a postcode), `PO Box 4471, Tulsa, OK 74159`,
    /// `P.O. Box 12`.
    static func unitFirst(_ s: Bytes, _ start: Int, _ end: Int, roles: UInt32) -> (start: Int, end: Int)? {
        // `PO Box 4471`, `P.O. Box 4471`.
        if end - start == 3, s.hasPrefixIgnoringCase("box", at: start), s.at(end) == 0x20, s.isDigit(end + 1),
            s.at(start - 1) == 0x20, s.hasPrefixIgnoringCase("po", at: start - 3) || s.hasPrefixIgnoringCase("p.o.", at: start - 5) {
            let boxStart = s.at(start - 2) == 0x2E ? start - 5 : start - 3
            var k = end + 1
            while s.isDigit(k) { k += 1 }
            guard !s.isAlnum(k) else { return nil }
            return (boxStart, tail(s, from: k))
        }
        guard s.isCapitalAt(start) else { return nil }
        // `House No. 221`, `Flat 302`, `Apt 5`.
        var j = end
        if s.hasPrefixIgnoringCase(" no.", at: j) || s.hasPrefixIgnoringCase(" no ", at: j) { j += s.at(j + 3) == 0x2E ? 4 : 3 }
        var numbered = false
        for word in ["house", "plot", "door", "shop", "block"] as [StaticString] where word.utf8CodeUnitCount == end - start && s.hasPrefixIgnoringCase(word, at: start) {
            numbered = j > end
        }
        guard roles & PersonalLexicon.unit != 0 || numbered else { return nil }
        guard s.at(j) == 0x20, s.isDigit(j + 1) else { return nil }
        var k = j + 1
        while s.isAlnum(k) && k - j <= 6 { k += 1 }
        guard s.at(k) == 0x2C else { return nil }
        let (e, postcode) = tailEnd(s, from: k)
        return postcode ? (start, e) : nil
    }

    /// A Japanese address read from its ward or city (`…, Shinjuku-ku, Tokyo 160-0023`):
    /// the block number and district before it (`1-12-3 Nishishinjuku, `), what follows.
    static func ward(_ s: Bytes, _ start: Int, _ end: Int, lowerBound: Int) -> (start: Int, end: Int)? {
        guard end - start >= 5, s.isCapitalAt(start) else { return nil }
        var known = false
        for suffix in ["-ku", "-shi", "-cho", "-machi", "-gun"] as [StaticString] where s.hasPrefixIgnoringCase(suffix, at: end - suffix.utf8CodeUnitCount) {
            known = true
        }
        guard known else { return nil }
        // Back over `, District ` to a block number `1-12-3`.
        var k = start
        if s.at(k - 1) == 0x20 && s.at(k - 2) == 0x2C {
            let districtEnd = k - 2
            let districtStart = wordStart(s, endingAt: districtEnd)
            guard districtStart < districtEnd, s.isCapitalAt(districtStart) else { return nil }
            k = districtStart
        }
        guard s.at(k - 1) == 0x20 else { return nil }
        let blockStart = wordStart(s, endingAt: k - 1)
        guard blockStart >= lowerBound, s.isDigit(blockStart) else { return nil }
        var dashes = 0
        for m in blockStart..<(k - 1) {
            if s[m] == 0x2D { dashes += 1 } else if !s.isDigit(m) { return nil }
        }
        guard dashes >= 1 else { return nil }
        return (blockStart, tail(s, from: end))
    }

    /// `Hauptstraße 5`, `Kerkstraat 12`: a capitalised word `start..<end` ending in a street
    /// type, then a house number.
    static func compound(_ s: Bytes, _ start: Int, _ end: Int) -> (start: Int, end: Int)? {
        guard end - start >= 6, s.isCapitalAt(start) else { return nil }
        var wordEnd = end
        if s.at(end) == 0x2E && s.lower(end - 1) == UInt8(ascii: "r") { wordEnd = end + 1 }
        // The house number first: most capitalised words in text have none after them (trying
        // the suffixes first was 3% of redacting 200 KB prompts, callgrind).
        guard s.at(wordEnd) == 0x20, let number = houseNumberEnd(s, at: wordEnd + 1) else { return nil }
        for suffix in compoundSuffixes {
            let count = suffix.utf8CodeUnitCount
            // `…ring` only on long words (`Schillerring`; not `Spring 2026`, `String 12`).
            let shortest = count == 4 && s.lower(wordEnd - 4) == UInt8(ascii: "r") && s.lower(wordEnd - 1) == UInt8(ascii: "g") ? 9 : count + 3
            if wordEnd - start >= shortest && s.hasPrefixIgnoringCase(suffix, at: wordEnd - count) {
                return (start, tail(s, from: number))
            }
        }
        return nil
    }

    /// Number, name, type: walks back from the type over the street's name to the number.
    static func suffixStyle(_ s: Bytes, _ start: Int, _ end: Int, lowerBound: Int) -> (start: Int, end: Int)? {
        var k = start
        var nameWords = 0
        // A type written small takes small words only when it cannot be anything else.
        var smallType = false
        if !s.isCapitalAt(start) {
            for type in smallTypes where type.utf8CodeUnitCount == end - start && s.hasPrefixIgnoringCase(type, at: start) { smallType = true }
            guard smallType else { return nil }
        }
        while nameWords <= 4 {
            guard s.at(k - 1) == 0x20 else { return nil }
            let we = k - 1
            let ws = wordStart(s, endingAt: we)
            guard ws < we, ws >= lowerBound else { return nil }
            if s.isDigit(ws), houseNumberEnd(s, at: ws) == we {
                guard nameWords > 0 else { return nil }
                return (ws, afterType(s, end))
            }
            // The street's name: capitalised words, ordinals (`5th`), a direction (`W`), or
            // small words when the type itself is written small (`12 main st`).
            let r = PersonalLexicon.roles(s, ws, we)
            let ordinal = s.isDigit(ws) && ordinalEnd(s, at: ws) == we
            guard s.isCapitalisedName(ws, we) || ordinal || r & PersonalLexicon.direction != 0
                || (smallType && s.isSmallWord(ws, we) && r & PersonalLexicon.stop == 0) || (nameWords > 0 && r & PersonalLexicon.particle != 0) else { return nil }
            nameWords += 1
            k = ws
        }
        return nil
    }

    /// Type, name (number before or after): `12 rue de la Paix`, `Via Roma 10`.
    static func prefixStyle(_ s: Bytes, _ start: Int, _ end: Int, lowerBound: Int, numberBefore: Bool = true) -> (start: Int, end: Int)? {
        var j = end
        if s.at(j) == 0x2E { j += 1 }
        guard s.at(j) == 0x20 else { return nil }
        // The street's name: up to five words, particles between.
        var k = j + 1
        var nameEnd = -1
        var words = 0
        while words < 5 {
            let we = s.letterRunEnd(from: k)
            guard we > k else { break }
            let r = PersonalLexicon.roles(s, k, we)
            if s.isCapitalisedName(k, we) || s.isCapitalAt(k) {
                nameEnd = we
            } else if r & PersonalLexicon.particle == 0 && !(s.at(k + 1) == 0x27 || (s.at(k + 1) == 0xE2 && s.at(k + 2) == 0x80)) {
                break
            }
            words += 1
            // `de l'Église`, `d'Italia`.
            guard s.at(we) == 0x20, s.letterEnd(we + 1) != nil else { break }
            k = we + 1
        }
        guard nameEnd > 0 else { return nil }
        // The number before: `12 rue…`, `12, rue…`.
        var b = start - 1
        if numberBefore && s.at(b) == 0x20 {
            b -= 1
            if s.at(b) == 0x2C { b -= 1 }
            let ns = wordStart(s, endingAt: b + 1)
            if ns >= lowerBound, ns <= b, s.isDigit(ns), houseNumberEnd(s, at: ns) == b + 1 { return (ns, nameEnd) }
        }
        // The number after: `Via Roma 10`, `Calle Mayor, 12`.
        var n = nameEnd
        if s.at(n) == 0x2C { n += 1 }
        guard s.at(n) == 0x20, let number = houseNumberEnd(s, at: n + 1), start >= lowerBound else { return nil }
        return (start, number)
    }

    /// The end of a street type at `end`: its abbreviation dot and a direction (`NW`).
    static func afterType(_ s: Bytes, _ end: Int) -> Int {
        var e = end
        if s.at(e) == 0x2E { e += 1 }
        if s.at(e) == 0x20 {
            let we = s.letterRunEnd(from: e + 1)
            if we > e + 1, we - e - 1 <= 5, s.isUpper(e + 1), !s.isLetterByte(we),
                PersonalLexicon.roles(s, e + 1, we) & PersonalLexicon.direction != 0 {
                e = we
            }
        }
        return e
    }

    /// The end of a house number at `i`: 1–5 digits, a letter (`221B`, `12a`), a range or
    /// a second number (`12-14`, `5/2`), followed by no letter or digit.
    static func houseNumberEnd(_ s: Bytes, at i: Int) -> Int? {
        var j = i
        while s.isDigit(j) && j - i < 6 { j += 1 }
        let digits = j - i
        guard digits >= 1 && digits <= 5 else { return nil }
        if (s.at(j) == 0x2D || s.at(j) == 0x2F) && s.isDigit(j + 1) {
            var k = j + 1
            while s.isDigit(k) && k - j <= 4 { k += 1 }
            j = k
        }
        if s.isLetterByte(j) && !s.isLetterByte(j + 1) && s.at(j) < 0x80 { j += 1 }
        guard !s.isAlnum(j) && !s.isLetterByte(j) else { return nil }
        // Not a decimal, time or date (`3.5`, `10:30`).
        if (s.at(j) == 0x2E || s.at(j) == 0x3A) && s.isDigit(j + 1) { return nil }
        return j
    }

    /// The end of an ordinal at `i` (`5th`, `42nd`, `1st`, `3rd`).
    static func ordinalEnd(_ s: Bytes, at i: Int) -> Int? {
        var j = i
        while s.isDigit(j) { j += 1 }
        guard j > i, j - i <= 3 else { return nil }
        let a = s.lower(j), b = s.lower(j + 1)
        let suffix = (a == 0x74 && b == 0x68) || (a == 0x73 && b == 0x74) || (a == 0x6E && b == 0x64) || (a == 0x72 && b == 0x64)
        return suffix && !s.isAlnum(j + 2) ? j + 2 : nil
    }

    /// The start of the word (letters, digits, apostrophes, hyphens, dots) ending at `end`.
    static func wordStart(_ s: Bytes, endingAt end: Int) -> Int {
        var k = end - 1
        while k >= 0 && end - k < 40 {
            let b = s[k]
            if b &- 0x30 < 10 || b &- 0x41 < 26 || b &- 0x61 < 26 || b >= 0x80 || b == 0x27 || b == 0x2D || b == 0x2E {
                k -= 1
            } else {
                break
            }
        }
        return k + 1
    }

    /// The postcode after a cue at `start..<end` (`zip 94105`, `postal code: SW1A 1AA`).
    static func postcodeAfterCue(_ s: Bytes, _ start: Int, _ end: Int) -> (start: Int, end: Int)? {
        // Italy's `CAP` in capitals only (`cap 10000 tokens` is a limit).
        if end - start == 3 && s.lower(start) == UInt8(ascii: "c") && s.lower(start + 1) == UInt8(ascii: "a") && !(s.isUpper(start) && s.isUpper(start + 1)) {
            return nil
        }
        var j = end
        // `postal code`, `zip code`, `post-code`, `PIN code`.
        if s.at(j) == 0x20 || s.at(j) == 0x2D || s.at(j) == 0x5F, s.hasPrefixIgnoringCase("code", at: j + 1) { j += 5 }
        j = s.skipCueSeparator(j)
        if s.hasPrefixIgnoringCase("is ", at: j) { j += 3 }
        guard let e = Postcode.end(s, at: j) else { return nil }
        return (j, e)
    }
}
