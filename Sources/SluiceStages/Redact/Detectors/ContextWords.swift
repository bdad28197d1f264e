extension Bytes {
    /// True when the byte at `i` is an ASCII letter.
    @inline(__always) func isLetter(_ i: Int) -> Bool { cls(i) & (ByteClass.upper | ByteClass.lower) != 0 }

    /// True when a keyword may begin or end at `k`: no letter on one side, the letter of a
    /// JSON escape before it (`\nSIN`, in text that holds JSON as written), or a change of
    /// case (`customerSin`, `nhsNumber`).
    @inline(__always) func letterEdge(_ k: Int) -> Bool {
        !isLetter(k - 1) || !isLetter(k) || isEscapeLetter(k - 1) || (isUpper(k) && cls(k - 1) & ByteClass.lower != 0)
    }

    /// True when one of `words` (lowercase) stands as a word of its own in the `window` bytes
    /// before `i`, ignoring case: `SIN`, `sin_number`, `customerSin` and `sin#` count, the
    /// `sin` in `using` or `business` does not. Digits, `_`, `-` and punctuation end a word. A
    /// word inside a mask (`[REDACTED:ca_sin]`) does not count, so redacting twice changes
    /// nothing the first pass kept.
    func windowHasWord(before i: Int, window: Int, _ words: KeywordList) -> Bool {
        someWord(before: i, window: window, words) { k, count in letterEdge(k) && letterEdge(k + count) && !insideMask(k) }
    }
}

extension Bytes {
    /// How many bytes before `i`, at most `limit`, belong to its clause: a `;`, `|`, new line,
    /// tab or carriage return (or a JSON escape for one) ends the clause before it. A word
    /// naming a phone or a card counts only within the clause of the number
    /// (`7 calls; 130 692 544` is no phone).
    func clauseWindow(before i: Int, limit: Int) -> Int {
        let lo = max(0, i - limit)
        var k = i - 1
        while k >= lo {
            let b = p[k]
            if b == 0x3B || b == 0x7C || b == 0x0A || b == 0x09 || b == 0x0D { return i - 1 - k }
            if (b == 0x6E || b == 0x74 || b == 0x72) && isEscapeLetter(k) { return i - 1 - k }
            k -= 1
        }
        return i - lo
    }
}

extension TextScanner.Context {
    /// True when the key holds one of `words` (lowercase) as a word of its own, ignoring case:
    /// `nhs_number`, `customerSin`, `IMEI` — not `business_id` for `sin`.
    func keyNames(_ words: KeywordList) -> Bool {
        guard let key, let base = key.baseAddress, key.count > 0 else { return false }
        return Bytes(base, key.count).windowHasWord(before: key.count, window: key.count, words)
    }
}
