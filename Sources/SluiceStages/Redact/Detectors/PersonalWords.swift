/// Reading the words of names, streets and dates in text, for the personal-data detectors.
/// Letters are ASCII letters and any byte of a UTF-8 sequence (`José`, `Łukasz`, `Straße`),
/// so names written in other scripts are read whole.
extension Bytes {
    /// The end of the letter starting at `i`: an ASCII letter, or a UTF-8 sequence other
    /// than punctuation and symbols (U+2000–U+2BFF, U+3000–U+303F); nil when none starts there.
    @inline(__always) func letterEnd(_ i: Int) -> Int? {
        guard i >= 0 && i < n else { return nil }
        let b = p[i]
        if b &- 0x41 < 26 || b &- 0x61 < 26 { return i + 1 }
        guard b >= 0xC0 else { return nil }
        if b == 0xE2 || (b == 0xE3 && at(i + 1) == 0x80) { return nil }
        let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
        guard i + length <= n else { return nil }
        return i + length
    }

    /// True when a letter starts at `i` (see ``letterEnd(_:)``).
    @inline(__always) func isLetterByte(_ i: Int) -> Bool { letterEnd(i) != nil }

    /// True when a letter starts at `i` that is a capital: ASCII, Latin-1 and Latin
    /// Extended-A capitals (`É`, `Ł`, `Ş`), Greek and Cyrillic capitals. The ASCII answer
    /// inline (a call for it was 1.6% of redacting 200 KB prompts, callgrind).
    @inline(__always)
    func isCapitalAt(_ i: Int) -> Bool {
        let b = at(i)
        if b &- 0x41 < 26 { return true }
        return b >= 0xC3 && isCapitalBeyondASCII(i)
    }

    /// ``isCapitalAt(_:)`` for a byte from 0xC3 on.
    @inline(never)
    func isCapitalBeyondASCII(_ i: Int) -> Bool {
        let b = at(i)
        let c = at(i + 1)
        switch b {
        case 0xC3: return c >= 0x80 && c <= 0x9E && c != 0x97
        case 0xC4, 0xC5: return c & 1 == 0 || (b == 0xC5 && (c == 0x81 || c == 0x83 || c == 0x85 || c == 0x87)) || (b == 0xC4 && c == 0xB9)
        case 0xCE: return c >= 0x91 && c <= 0xAB
        case 0xD0: return c >= 0x80 && c <= 0xAF
        default: return false
        }
    }

    /// End of the run of letters starting at `i` (apostrophes and hyphens between letters
    /// included: `O'Brien`, `Jean-Luc`, `D’Angelo`).
    func letterRunEnd(from i: Int) -> Int {
        var j = i
        while j < n {
            if let end = letterEnd(j) {
                j = end
                continue
            }
            let b = p[j]
            if (b == 0x27 || b == 0x2D) && j > i, letterEnd(j + 1) != nil {
                j += 1
                continue
            }
            // `’` (U+2019) between letters.
            if b == 0xE2 && j > i && at(j + 1) == 0x80 && at(j + 2) == 0x99, letterEnd(j + 3) != nil {
                j += 3
                continue
            }
            break
        }
        return j
    }

    /// True when the word `start..<end` is written as a name: a capital, then at least one
    /// small letter, capitals inside only after `Mc`, `Mac`, `'` or `-` (`McDonald`,
    /// `O'Neil`; not `OpenAI`, `GPU`, `JSONDecodeError`).
    func isCapitalisedName(_ start: Int, _ end: Int) -> Bool {
        guard end - start >= 2, isCapitalAt(start) else { return false }
        var small = false
        var k = start + 1
        while k < end {
            let b = p[k]
            if b &- 0x61 < 26 || b >= 0x80 {
                if b &- 0x61 < 26 { small = true } else if b < 0xC0 { small = true }
            } else if b &- 0x41 < 26 {
                let before = p[k - 1]
                let mc = (k - start == 2 && p[start] == 0x4D && p[start + 1] == 0x63)
                    || (k - start == 3 && p[start] == 0x4D && p[start + 1] == 0x61 && p[start + 2] == 0x63)
                if !(before == 0x27 || before == 0x2D || mc) { return false }
            }
            k += 1
        }
        return small
    }

    /// True when the word `start..<end` is all small letters (ASCII or UTF-8).
    func isSmallWord(_ start: Int, _ end: Int) -> Bool {
        guard end > start else { return false }
        for k in start..<end {
            let b = p[k]
            if b &- 0x41 < 26 { return false }
        }
        return true
    }

    /// The index after the spaces (at most `max`) starting at `i`.
    @inline(__always) func skipSpaces(_ i: Int, max: Int = 3) -> Int {
        var j = i
        while j < n && j - i < max && (p[j] == 0x20 || p[j] == 0x09) { j += 1 }
        return j
    }

    /// The index after one separator between a cue and what it introduces: `:`, `=`, `-`,
    /// `,`, spaces, quotes (`name: "Maria"`, `DOB = 1985-03-14`).
    func skipCueSeparator(_ i: Int) -> Int {
        var j = i
        var taken = 0
        while j < n && taken < 4 {
            let b = p[j]
            if b == 0x20 || b == 0x3A || b == 0x3D || b == 0x2C || b == 0x09 || b == 0x22 || b == 0x27 || (b == 0x2D && at(j + 1) == 0x20) {
                j += 1
                taken += 1
            } else {
                break
            }
        }
        return j
    }
}
