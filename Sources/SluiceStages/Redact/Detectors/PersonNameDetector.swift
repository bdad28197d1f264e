/// Person names in text (rule `person_name`), found by context, without a model:
///
/// - after a cue: a title (`Mr`, `Mrs.`, `Dr.`, `Frau`, `Señora`), `Dear`, `my name is`,
///   `full name:`, `named`, `I'm`/`I am`, `this is`, a sign-off and its comma (`Regards,`,
///   `Thanks,`), a person noun and its colon (`customer:`, `patient:`), `me llamo`,
///   `je m'appelle`, `mi chiamo`, `ich heiße`;
/// - without a cue: a capitalised given name from ``PersonalLexicon`` (`Maria Gonzalez`,
///   `Priya Sharma`), or a surname written first (`Zhang Wei`, `Nguyen Van An`), with the
///   capitalised words that follow.
///
/// A name is up to four words written as names (a capital, then small letters; `O'Brien`,
/// `McDonald`, `Jean-Luc`, `José`), with particles (`van`, `de`, `bin`) and initials (`J.`)
/// between them; words such as `Support`, `Team` or `Customer` end it. After the strongest
/// cues (`my name is`, `me llamo`) the words may be written in small letters, as people
/// type in chats. Weak cues (`I'm`, `this is`, `name:`, a person noun) need a listed name or
/// two capitalised words.
///
/// Blind spots: a name that is not in the lists, has no cue before it and is not under a
/// key naming a person; a name written in all capitals or in a non-Latin script after a
/// weak cue.
enum PersonNameDetector {
    /// How the words after a cue may be written.
    enum Mode {
        /// Capitalised words; one is enough.
        case capitalised
        /// Capitalised words, and either a listed name among them or at least two.
        case weak
        /// Capitalised or small letters (at most three small words).
        case anyCase
    }

    /// Words before `name` that make it a person's name (`my name is`, `full name:`).
    static let possessives: [StaticString] = [
        "my", "full", "first", "last", "his", "her", "your", "their", "legal", "maiden", "given", "family",
        "customer", "patient", "client", "contact", "user's", "cardholder", "caller", "applicant", "user", "account",
        "holder", "sender", "recipient", "author", "real", "display",
    ]

    /// The name a cue at `start..<end` (roles `roles`) introduces, or a name the word itself
    /// starts; nil when there is none.
    static func match(_ s: Bytes, _ start: Int, _ end: Int, roles: UInt32, lowerBound: Int) -> (start: Int, end: Int)? {
        let L = PersonalLexicon.self
        let capital = s.isCapitalAt(start)
        if roles & L.title != 0 {
            // `Mr`, `Dr.` written as titles are capitalised (`1887 ms. Bearer` is no title).
            guard capital else { return nil }
            var j = end
            if s.at(j) == 0x2E { j += 1 }
            guard s.at(j) == 0x20 else { return nil }
            return unlessBrand(s, start, after(s, j + 1, .capitalised))
        }
        if roles & L.nameWord != 0 {
            // `name is`, `Name ist`, `nombre es`, `nom est`, `name:`, `name =`, `name -`.
            var j = s.skipSpaces(end, max: 2)
            var separated = false
            var copula = false
            if j > end, let we = Optional(s.letterRunEnd(from: j)), we > j, s.at(we) == 0x20, isCopula(s, j, we) {
                j = we + 1
                separated = true
                copula = true
            } else if s.at(j) == 0x3A || s.at(j) == 0x3D || (s.at(j) == 0x2D && s.at(j + 1) == 0x20) {
                j = s.skipCueSeparator(j)
                separated = true
            }
            guard separated else { return nil }
            j = s.skipSpaces(j)
            if s.at(j) == 0x22 || s.at(j) == 0x27 { j += 1 }
            // `my name is maria` in any case; `x-user-name: Maria`, `full name: Maria` capitalised.
            guard possessive(before: start, s) else { return after(s, j, .weak) }
            return after(s, j, copula ? .anyCase : .capitalised)
        }
        if roles & L.salutation != 0 {
            // `Dear Maria`, `Estimada Sra. López` (the title is read on its own), `a patient named Ngozi Okafor`.
            guard s.at(end) == 0x20 else { return nil }
            return after(s, end + 1, .capitalised)
        }
        if roles & L.strongCue != 0 {
            // `me llamo lucía`, `jmenuji se Björn`, `nazywam się Anna`, `jag heter Linnea`.
            guard s.at(end) == 0x20 else { return nil }
            var j = end + 1
            if s.hasPrefixIgnoringCase("se ", at: j) { j += 3 } else if s.hasPrefixIgnoringCase("się ", at: j) { j += 5 }
            return after(s, j, .anyCase)
        }
        if roles & L.firstPerson != 0 {
            // `I'm`, `I’m`, `I am`.
            var j = end
            if s.at(j) == 0x27 && s.lower(j + 1) == UInt8(ascii: "m") {
                j += 2
            } else if s.at(j) == 0xE2 && s.at(j + 1) == 0x80 && s.at(j + 2) == 0x99 && s.lower(j + 3) == UInt8(ascii: "m") {
                j += 4
            } else if s.hasPrefixIgnoringCase(" am", at: j) {
                j += 3
            } else {
                return nil
            }
            guard s.at(j) == 0x20 else { return nil }
            return introduced(s, j + 1)
        }
        if roles & L.thisWord != 0 {
            // `this is Grafana`: a listed name or two words.
            guard s.hasPrefixIgnoringCase(" is ", at: end) else { return nil }
            return after(s, end + 4, .weak)
        }
        if roles & L.greeting != 0 {
            // `Hi Łukasz,`, `Hello Maria!`: one capitalised name, then punctuation.
            guard s.at(end) == 0x20, let e = nameEnd(s, from: end + 1, .capitalised) else { return nil }
            let next = s.at(e)
            guard e == s.n || next == 0x2C || next == 0x21 || next == 0x2E || next == 0x0A || (next == 0x5C && s.at(e + 1) == UInt8(ascii: "n")) else { return nil }
            return (end + 1, e)
        }
        if roles & L.colonCue != 0 {
            // `From: Maria Gonzalez <…>`, `Attn: Dr. Rao`, `Pt: Conceição Araújo`.
            guard s.at(end) == 0x3A else { return nil }
            // The name may stand on the next line (`Please send it to:\nMaria Gonzalez\n…`).
            var j = s.skipSpaces(end + 1)
            if s.at(j) == 0x0A { j += 1 } else if s.at(j) == 0x5C && s.at(j + 1) == UInt8(ascii: "n") { j += 2 }
            if s.at(j) == 0x22 { j += 1 }
            if let title = titleEnd(s, at: j) { j = title }
            return after(s, j, .weak)
        }
        if roles & L.signOff != 0 {
            guard s.at(end) == 0x2C || s.at(end) == 0x3A else { return nil }
            var j = end + 1
            // `Regards,\nMaria` in text as written: the newline as an escape or itself.
            while j < s.n && (s[j] == 0x20 || s[j] == 0x0A || s[j] == 0x0D) { j += 1 }
            if s.at(j) == 0x5C && s.at(j + 1) == UInt8(ascii: "n") { j += 2 }
            return after(s, j, .capitalised)
        }
        if roles & L.personNoun != 0 {
            // `The customer, Femke van Dijk, confirmed`.
            if s.at(end) == 0x2C && s.at(end + 1) == 0x20 {
                guard let e = nameEnd(s, from: end + 2, .weak), s.at(e) == 0x2C else { return nil }
                return (end + 2, e)
            }
            if s.at(end) == 0x3A || s.at(end) == 0x3D {
                let j = s.skipSpaces(end + 1)
                // `customer: Enterprise` is a plan: a listed name or two words.
                return after(s, s.at(j) == 0x22 ? j + 1 : j, .weak)
            }
            guard s.at(end) == 0x20 else { return nil }
            // `speaking with Jan-Erik`, `customer 'Eleftheria Papadopoulou' has`.
            var j = end + 1
            if s.hasPrefixIgnoringCase("with ", at: j) { j += 5 } else if s.hasPrefixIgnoringCase("to ", at: j) { j += 3 }
            if s.at(j) == 0x27 || s.at(j) == 0x22 { j += 1 }
            return after(s, j, .weak)
        }
        guard capital else { return nil }
        if roles & L.givenName != 0 || (roles & L.surnameFirst != 0 && s.at(end) == 0x20 && s.isCapitalAt(end + 1)) {
            // Part of a place's name (`São Paulo`, `San Diego`, `372 Albert Terrace`).
            if placeBefore(s, start) { return nil }
            guard let e = nameEnd(s, from: start, .capitalised) else { return nil }
            if s.at(e) == 0x20 {
                let we = s.letterRunEnd(from: e + 1)
                if we > e + 1, PersonalLexicon.roles(s, e + 1, we) & L.streets != 0 { return nil }
            }
            // The first part of a hyphenated given name (`Jan-Erik`, read from `Erik`), and
            // capitalised words before a listed one (`María José`, `Oluwaseun Adebayo-Smith`).
            var nameStart = precedingNameWords(s, start, lowerBound: lowerBound)
            while s.at(nameStart - 1) == 0x2D, nameStart - 2 >= lowerBound, s.letterEnd(nameStart - 2) != nil || s.at(nameStart - 2) >= 0x80 {
                var k = nameStart - 2
                while k > lowerBound && (s.letterEnd(k - 1) != nil || s.at(k - 1) >= 0x80) { k -= 1 }
                guard s.isCapitalAt(k) else { break }
                nameStart = k
            }
            return unlessBrand(s, nameStart, (nameStart, e))
        }
        return nil
    }

    /// A name after `I'm`, `I am`, `this is`: a listed name or two capitalised words, or one
    /// capitalised word followed by punctuation or `and`/`from`/`here`/`calling`/`speaking`
    /// (`I'm Pieter and I can't log in`).
    static func introduced(_ s: Bytes, _ i: Int) -> (start: Int, end: Int)? {
        if let m = after(s, i, .weak) { return m }
        guard let e = nameEnd(s, from: i, .capitalised) else { return nil }
        let next = s.at(e)
        if e == s.n || next == 0x2C || next == 0x2E || next == 0x21 || next == 0x3B { return (i, e) }
        for word in followers where s.at(e) == 0x20 && s.hasPrefixIgnoringCase(word, at: e + 1) && !s.isLetterByte(e + 1 + word.utf8CodeUnitCount) {
            return (i, e)
        }
        return nil
    }

    /// Words between `name` and the name (`is`, `ist`, `es`, `est`, `è`, `é`, `är`, `er`, `on`).
    static func isCopula(_ s: Bytes, _ start: Int, _ end: Int) -> Bool {
        for word in copulas where word.utf8CodeUnitCount == end - start && s.hasPrefixIgnoringCase(word, at: start) { return true }
        return false
    }

    static let copulas: [StaticString] = ["is", "ist", "es", "est", "è", "é", "är", "er", "on", "was"]

    /// Companies and brands named after people (`Charles Schwab`, `Dr. Oetker`, `Mr Porter`):
    /// the name is kept when the text from `cueStart` to its end is one of them.
    static let brands: [String] = [
        "charles schwab", "dr. oetker", "dr oetker", "mr porter", "dr pepper", "dr. pepper", "dr. martens", "dr martens",
        "mr price", "tommy hilfiger", "calvin klein", "ralph lauren", "hugo boss", "louis vuitton", "estée lauder",
        "john deere", "john lewis", "ted baker", "paul smith", "tom ford", "michael kors", "kate spade", "tory burch",
        "vera wang", "christian dior", "giorgio armani", "edward jones", "raymond james", "charles river",
        "morgan stanley", "goldman sachs", "wells fargo", "marks spencer", "jack daniel's", "jack daniels",
        "walt disney", "harley davidson", "rolls royce", "johnson controls", "dow jones", "mary kay",
    ]
    static let brandHashes: Set<UInt64> = Set(brands.map { b in
        Array(b.utf8).withUnsafeBufferPointer { PersonalLexicon.hash($0.baseAddress!, 0, $0.count) }
    })

    /// `match`, unless the text from `cueStart` to its end names a brand.
    static func unlessBrand(_ s: Bytes, _ cueStart: Int, _ match: (start: Int, end: Int)?) -> (start: Int, end: Int)? {
        guard let match, match.end - cueStart <= 24 else { return match }
        return brandHashes.contains(PersonalLexicon.hash(s.p, cueStart, match.end)) ? nil : match
    }

    static let followers: [StaticString] = ["and", "from", "here", "calling", "speaking", "with", "at"]

    /// The start of up to two capitalised name words just before `i` (one space apart), not
    /// before `lowerBound`; `i` when there are none.
    static func precedingNameWords(_ s: Bytes, _ i: Int, lowerBound: Int) -> Int {
        var start = i
        for _ in 0..<2 {
            let wordEnd = start - 1
            guard s.at(wordEnd) == 0x20, s.at(wordEnd - 1) >= 0x80 || s.letterEnd(wordEnd - 1) != nil else { break }
            var k = wordEnd
            while k > lowerBound && (s.letterEnd(k - 1) != nil || s.at(k - 1) >= 0x80 || s.at(k - 1) == 0x2D) { k -= 1 }
            guard k >= lowerBound, k < start - 1, !s.isWord(k - 1), s.isCapitalisedName(k, start - 1) else { break }
            let r = PersonalLexicon.roles(s, k, start - 1)
            guard r & (PersonalLexicon.stop | PersonalLexicon.title | PersonalLexicon.placePrefix | PersonalLexicon.streets | PersonalLexicon.signOff
                | PersonalLexicon.greeting | PersonalLexicon.salutation | PersonalLexicon.personNoun | PersonalLexicon.month) == 0 || r & PersonalLexicon.givenName != 0 else { break }
            start = k
        }
        return start
    }

    /// The next name of a list after the name ending at `e` (`cc Kovács Gábor, Tupou
    /// Faleolo`, `Ma. Cristina Villanueva and Bence Tóth-Varga`): two capitalised words or a
    /// listed one after `, `, ` and `, ` & `, ` or `, ` y `, ` et `, ` und `.
    static func nextInList(_ s: Bytes, after e: Int) -> (start: Int, end: Int)? {
        var j = e
        if s.at(j) == 0x2C && s.at(j + 1) == 0x20 {
            j += 2
        } else {
            var joined = false
            for word in [" and ", " & ", " or ", " y ", " et ", " und ", " e "] as [StaticString] where s.hasPrefixIgnoringCase(word, at: j) {
                j += word.utf8CodeUnitCount
                joined = true
                break
            }
            guard joined else { return nil }
        }
        return after(s, j, .weak)
    }

    /// The end of a title and its dot and space at `i` (`Dr. `, `Mrs `), or nil.
    static func titleEnd(_ s: Bytes, at i: Int) -> Int? {
        let we = s.letterRunEnd(from: i)
        guard we > i, PersonalLexicon.roles(s, i, we) & PersonalLexicon.title != 0 else { return nil }
        var j = we
        if s.at(j) == 0x2E { j += 1 }
        return s.at(j) == 0x20 ? j + 1 : nil
    }

    /// True when the word before `i` starts a place's name (`São`, `San`, `Santa`, `Saint`,
    /// `Port`, `New`) or is a house number (`372 Albert Terrace`).
    static func placeBefore(_ s: Bytes, _ i: Int) -> Bool {
        guard s.at(i - 1) == 0x20 else { return false }
        var k = i - 2
        while k >= 0 && (s.letterEnd(k) != nil || s[k] >= 0x80 || s.isDigit(k)) && i - 2 - k < 12 { k -= 1 }
        let start = k + 1
        guard start < i - 1 else { return false }
        if s.isDigit(start) { return true }
        return PersonalLexicon.roles(s, start, i - 1) & PersonalLexicon.placePrefix != 0
    }

    /// The name starting at `i`, read in `mode`.
    static func after(_ s: Bytes, _ i: Int, _ mode: Mode) -> (start: Int, end: Int)? {
        nameEnd(s, from: i, mode).map { (i, $0) }
    }

    /// The end of the name starting at `i`, read in `mode`.
    static func nameEnd(_ s: Bytes, from i: Int, _ mode: Mode) -> Int? {
        let L = PersonalLexicon.self
        var j = i
        var words = 0
        var small = 0
        var listed = false
        var end = -1
        while j < s.n && words < 4 {
            // An initial: `J.` (not the first word unless a capitalised word follows).
            if s.isUpper(j) && s.at(j + 1) == 0x2E && s.at(j + 2) == 0x20 && s.isCapitalAt(j + 3) {
                j += 3
                continue
            }
            let we = s.letterRunEnd(from: j)
            guard we > j else { break }
            // The word must end there: not `Maria_1`, `Smith2`.
            if s.isDigit(we) || s.at(we) == 0x5F || s.at(we) == 0x40 { break }
            let r = PersonalLexicon.roles(s, j, we)
            // A word that ends names, a title (`Dear Mr. Smith` is read from `Mr`), a street type.
            if (r & L.stop != 0 && r & (L.givenName | L.surname) == 0) || r & L.title != 0 || (words > 0 && r & L.streets != 0) { break }
            if s.isCapitalisedName(j, we) {
                words += 1
                if r & (L.givenName | L.surname) != 0 { listed = true }
                end = we
            } else if r & L.particle != 0 {
                // Only kept when a name word follows (`van der Berg`).
            } else if mode == .anyCase && small < 3 && we - j >= 2 && s.isSmallWord(j, we) && r & (L.month | L.streetSuffix) == 0 {
                words += 1
                small += 1
                end = we
            } else {
                break
            }
            // Words of one name are separated by one space (`%20` or `+` in a URL).
            if s.at(we) == 0x20, s.letterEnd(we + 1) != nil {
                j = we + 1
            } else if s.at(we) == 0x25, s.at(we + 1) == 0x32, s.at(we + 2) == 0x30, s.letterEnd(we + 3) != nil {
                j = we + 3
            } else if s.at(we) == 0x2B, s.letterEnd(we + 1) != nil {
                j = we + 1
            } else {
                break
            }
        }
        guard words > 0, end > i else { return nil }
        if mode == .weak && !listed && words < 2 { return nil }
        return end
    }

    /// True when the word before `i` (the cue `name`) says whose name it is.
    static func possessive(before i: Int, _ s: Bytes) -> Bool {
        guard s.at(i - 1) == 0x20 || s.at(i - 1) == 0x5F || s.at(i - 1) == 0x2D else { return false }
        var k = i - 2
        while k >= 0 && (s.letterEnd(k) != nil || s[k] == 0x27) && i - 2 - k < 12 { k -= 1 }
        let start = k + 1
        let end = i - 1
        guard end > start else { return false }
        for word in possessives where word.utf8CodeUnitCount == end - start && s.hasPrefixIgnoringCase(word, at: start) { return true }
        return false
    }

    /// True when a whole value (the string under a key such as `name`) reads as a person's
    /// name: one to four words written as names, at least one of them listed.
    static func valueIsListedName(_ s: Bytes) -> Bool {
        guard s.n >= 2, s.n <= 80 else { return false }
        var j = 0
        var listed = false
        var words = 0
        while j < s.n {
            let we = s.letterRunEnd(from: j)
            guard we > j, s.isCapitalisedName(j, we) || (words > 0 && PersonalLexicon.roles(s, j, we) & PersonalLexicon.particle != 0) else { return false }
            let r = PersonalLexicon.roles(s, j, we)
            if r & PersonalLexicon.stop != 0 && r & (PersonalLexicon.givenName | PersonalLexicon.surname) == 0 { return false }
            if r & (PersonalLexicon.givenName | PersonalLexicon.surname) != 0 { listed = true }
            words += 1
            if words > 5 { return false }
            if we == s.n { break }
            guard s.at(we) == 0x20 else { return false }
            j = we + 1
        }
        return listed
    }

    /// True when a whole value reads as a person's name without a list: two to four
    /// capitalised words (particles between), none of them a word that ends names.
    static func valueIsName(_ s: Bytes) -> Bool {
        guard s.n >= 3, s.n <= 80 else { return false }
        var j = 0
        var words = 0
        while j < s.n {
            let we = s.letterRunEnd(from: j)
            guard we > j else { return false }
            let r = PersonalLexicon.roles(s, j, we)
            if s.isCapitalisedName(j, we) {
                if r & PersonalLexicon.stop != 0 { return false }
                words += 1
            } else if !(words > 0 && r & PersonalLexicon.particle != 0) {
                return false
            }
            if we == s.n { break }
            guard s.at(we) == 0x20, words <= 4 else { return false }
            j = we + 1
        }
        return words >= 2 && words <= 4
    }
}
