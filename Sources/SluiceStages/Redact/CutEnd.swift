/// The end of a line cut at `max_line_bytes`, where a secret may have been cut in two: what
/// is left of it (`user33.leak@exa`, `AKIAP5B35X`, `4111 1111 1111 11`, `eyJhbGciOi…`) no
/// longer matches any detector, yet is still personal data or part of a key.
///
/// The rule is deliberately blunt: the trailing token — the bytes after the last whitespace,
/// one of ``delimiters`` or a JSON escape for whitespace (`\n`), however long — is masked as
/// `[REDACTED:truncated]` whatever it holds, since it cannot be told whether a detector's
/// match was cut there. A prefix test per
/// detector would keep more text but would have to be right for every detector and custom
/// pattern; the cut line has lost its end anyway.
///
/// Grouped numbers (cards, IBANs, phones: `4111 1111 1111 11`, `DE89 3704 0044 05`,
/// `+1 (415) 555-26`) span several tokens: when the trailing token is a group of digits,
/// capitals and `+ ( ) - . /` holding a digit, the groups like it before it, each after one
/// space, go too (at most ``groupReach`` bytes further back). A line cut right after one
/// space that follows such a group is treated as cut in that number.
///
///     …paid with card 4111 1111 1111 11│        →  …paid with card [REDACTED:truncated]
///     …{"user":{"email":"user33.leak@exa│        →  …{"user":{"email":"[REDACTED:truncated]
///     …lorem ipsum dolor sit amet consec│        →  …lorem ipsum dolor sit amet [REDACTED:truncated]
enum CutEnd {
    /// How far back, in bytes, grouped numbers are followed from the trailing token.
    static let groupReach = 48

    /// Bytes that end a token: whitespace and JSON or markup punctuation. Not `:`, `=`, `/`,
    /// `@`, `.`, `%` or `\`, which occur inside addresses, URLs, pairs and escapes.
    static let delimiters: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in " \t\n\r\u{0B}\u{0C}\"'`,;{}[]<>|".utf8 { table[Int(b)] = true }
        return table
    }()

    /// Where the bytes to mask start (they run to the end of `text`), or nil when nothing
    /// touches the cut (the text ends in a delimiter after a word).
    static func start(in text: UnsafeBufferPointer<UInt8>) -> Int? {
        var end = text.count
        let afterSpace = end > 0 && text[end - 1] == 0x20
        if afterSpace { end -= 1 }
        var start = tokenStart(text, before: end)
        guard start < end else { return nil }
        let grouped = isNumberGroup(text, start, end)
        if afterSpace && !grouped { return nil }
        if grouped {
            let floor = max(0, start - groupReach)
            while start >= 2 && text[start - 1] == 0x20 {
                let previous = tokenStart(text, before: start - 1)
                guard previous < start - 1, previous >= floor, isNumberGroup(text, previous, start - 1) else { break }
                start = previous
            }
        }
        return start
    }

    /// The start of the run of non-delimiters that ends at `end`. A JSON escape for
    /// whitespace (`\n`, `\t`, `\r`, as a cut JSON line holds them) ends a token too.
    static func tokenStart(_ text: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        var s = end
        while s > 0 && !delimiters[Int(text[s - 1])] {
            if s >= 2 && text[s - 2] == 0x5C && (text[s - 1] == 0x6E || text[s - 1] == 0x74 || text[s - 1] == 0x72) { break }
            s -= 1
        }
        return s
    }

    /// Digits, capitals and `+ ( ) - . /`, with at least one digit.
    static func isNumberGroup(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var digit = false
        for k in start..<end {
            let b = text[k]
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "+"), UInt8(ascii: "("), UInt8(ascii: ")"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"):
                continue
            default: return false
            }
        }
        return digit
    }
}
