/// Dates of birth in text (rule `date_of_birth`): a date (``WrittenDate``) after a cue —
/// `DOB`, `D.O.B.`, `date of birth`, `birth date`, `birthdate`, `birthday`, `born`,
/// `born on`, `geboren am`, `Geburtsdatum`, `date de naissance`, `née le`,
/// `fecha de nacimiento`, `nací el`, `data di nascita`, `nato il`, `data de nascimento`, `nasci em`,
/// `geboortedatum`, `geboren op` — with a few words between
/// (`DOB is`, `born on the`, `birthday: `). Only the date is masked; after a cue a day and
/// month without a year count (`birthday: October 2`).
///
/// Blind spots: a birth date with no cue (`14/03/1985` alone is any date), and a cue more
/// than four words before the date.
enum BirthDateDetector {
    /// Words that may stand between the cue and the date.
    static let connectors: [StaticString] = [
        "is", "was", "on", "the", "of", "date", "day", "in", "am", "le", "el", "em", "il", "a", "at", "de", "da", "op", "tarihi", "datum", "data", "dato", "fecha", "dátum",
    ]

    /// The date after the cue `start..<end`, or nil.
    static func match(_ s: Bytes, _ start: Int, _ end: Int) -> (start: Int, end: Int)? {
        var j = end
        // `D.O.B.`, `d.o.b`.
        if end - start == 1, s.at(j) == 0x2E, s.lower(j + 1) == UInt8(ascii: "o"), s.at(j + 2) == 0x2E, s.lower(j + 3) == UInt8(ascii: "b") {
            j += 4
            if s.at(j) == 0x2E { j += 1 }
        } else if end - start == 1 {
            return nil
        } else if s.at(j) == 0x2E {
            // An abbreviation: `geb. 13.02.1981`.
            j += 1
        }
        var skipped = 0
        while skipped < 5 {
            j = s.skipCueSeparator(j)
            if s.at(j) == 0x28 { j += 1 }
            if let e = WrittenDate.end(s, at: j, yearless: true) { return (j, e) }
            // A connector word.
            let we = s.letterRunEnd(from: j)
            guard we > j, we - j <= 10 else { return nil }
            var known = false
            for word in connectors where word.utf8CodeUnitCount == we - j && s.hasPrefixIgnoringCase(word, at: j) { known = true }
            guard known else { return nil }
            j = we
            skipped += 1
        }
        return nil
    }
}
