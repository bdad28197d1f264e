/// Byte classification used by the detectors: one table lookup per byte, no `String`.
enum ByteClass {
    static let digit: UInt8 = 1
    static let upper: UInt8 = 2
    static let lower: UInt8 = 4
    static let underscore: UInt8 = 8
    static let hexLetter: UInt8 = 16
    /// A letter a detector may start with: `e B b A g x s r h n`, `p` (the word `passport`,
    /// `pk_live_`, `pcsk_`, `pypi-`),
    /// any capital (IBAN and the national identifiers), a–f (IPv6, MAC addresses).
    static let trigger: UInt8 = 32
    static let word: UInt8 = digit | upper | lower | underscore
    static let alnum: UInt8 = digit | upper | lower

    /// The 256-entry table, allocated once and never freed (read-only after initialisation).
    nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        t.initialize(repeating: 0, count: 256)
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(b)] = digit }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(b)] = upper }
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(b)] = lower }
        for b in UInt8(ascii: "A")...UInt8(ascii: "F") { t[Int(b)] |= hexLetter }
        for b in UInt8(ascii: "a")...UInt8(ascii: "f") { t[Int(b)] |= hexLetter }
        t[Int(UInt8(ascii: "_"))] = underscore
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(b)] |= trigger }
        for b in UInt8(ascii: "a")...UInt8(ascii: "f") { t[Int(b)] |= trigger }
        for b in "Bbgxsrhnp".utf8 { t[Int(b)] |= trigger }
        return UnsafePointer(t)
    }()
}

/// Bounds-checked byte access over a string's bytes, shared by the detectors.
struct Bytes {
    let p: UnsafePointer<UInt8>
    let n: Int
    let table: UnsafePointer<UInt8>

    init(_ p: UnsafePointer<UInt8>, _ n: Int) {
        self.p = p
        self.n = n
        self.table = ByteClass.table
    }

    @inline(__always) subscript(_ i: Int) -> UInt8 { p[i] }
    /// The byte at `i`, or 0 past either end.
    @inline(__always) func at(_ i: Int) -> UInt8 { i >= 0 && i < n ? p[i] : 0 }
    @inline(__always) func cls(_ i: Int) -> UInt8 {
        i >= 0 && i < n ? table[Int(p[i])] : 0
    }
    @inline(__always) func isDigit(_ i: Int) -> Bool { i >= 0 && i < n && p[i] &- 0x30 < 10 }
    @inline(__always) func isWord(_ i: Int) -> Bool { cls(i) & ByteClass.word != 0 }
    @inline(__always) func isAlnum(_ i: Int) -> Bool { cls(i) & ByteClass.alnum != 0 }
    @inline(__always) func isUpper(_ i: Int) -> Bool { cls(i) & ByteClass.upper != 0 }
    @inline(__always) func isHex(_ i: Int) -> Bool { cls(i) & (ByteClass.digit | ByteClass.hexLetter) != 0 }
    @inline(__always) func lower(_ i: Int) -> UInt8 {
        let b = at(i)
        return b &- 0x41 < 26 ? b | 0x20 : b
    }

    /// True when the bytes at `i` equal `literal` ignoring ASCII case (`literal` lowercase).
    func hasPrefixIgnoringCase(_ literal: StaticString, at i: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i >= 0, i + count <= n else { return false }
        let l = literal.utf8Start
        for k in 0..<count where lower(i + k) != l[k] { return false }
        return true
    }

    /// True when the bytes at `i` equal `literal` exactly.
    func hasPrefix(_ literal: StaticString, at i: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i >= 0, i + count <= n else { return false }
        let l = literal.utf8Start
        for k in 0..<count where p[i + k] != l[k] { return false }
        return true
    }

    /// True when the byte at `i` is the letter of a JSON escape (`\n`, `\t`, `\r`, `\b`, `\f`):
    /// in the text of a line that was not parsed (cut at `max_line_bytes`, or not JSON), the
    /// escape separates words, as the character it stands for would (`…\n4111 1111 1111 1111`).
    @inline(__always) func isEscapeLetter(_ i: Int) -> Bool {
        guard i > 0, i < n, p[i - 1] == 0x5C else { return false }
        let b = p[i]
        return b == 0x6E || b == 0x74 || b == 0x72 || b == 0x62 || b == 0x66
    }

    /// True when a word may start at `i`: the byte before it is no word character, or is the
    /// letter of a JSON escape.
    @inline(__always) func isWordStart(_ i: Int) -> Bool { !isWord(i - 1) || isEscapeLetter(i - 1) }

    /// End of the run starting at `i` of bytes for which `accept` holds.
    @inline(__always) func runEnd(from i: Int, _ accept: (UInt8) -> Bool) -> Int {
        var j = i
        while j < n && accept(p[j]) { j += 1 }
        return j
    }

    /// The lowercased word (letters only) that ends before `i`, skipping separators such as
    /// spaces, `:`, `=`, `#` and quotes; at most `maxGap` bytes are skipped.
    func previousWord(before i: Int, maxGap: Int = 4) -> (start: Int, end: Int)? {
        var j = i - 1
        var gap = 0
        while j >= 0 && gap < maxGap {
            let b = p[j]
            if b == 0x20 || b == 0x3A || b == 0x3D || b == 0x22 || b == 0x27 || b == 0x23 || b == 0x09 {
                j -= 1
                gap += 1
            } else {
                break
            }
        }
        let end = j + 1
        while j >= 0 && (cls(j) & (ByteClass.upper | ByteClass.lower | ByteClass.underscore) != 0 || p[j] == 0x2D) && !isEscapeLetter(j) { j -= 1 }
        return end > j + 1 ? (j + 1, end) : nil
    }

    /// True when the window of `window` bytes before `i` contains one of `words` (lowercase),
    /// ignoring case. A word inside a mask written by an earlier redaction
    /// (`[REDACTED:phone]`, `[REDACTED:us_ssn]`) does not count, so redacting twice changes
    /// nothing the first pass kept.
    func windowContains(before i: Int, window: Int, _ words: KeywordList) -> Bool {
        someWord(before: i, window: window, words) { k, _ in !insideMask(k) }
    }

    /// True when one of `words` (lowercase) starts at some place `k` of the `window` bytes
    /// before `i` (ignoring case, ending by `i`) and `accepts(k, length)`.
    ///
    /// Each place once, and only where a word may start (its lowercase first byte), trying
    /// only the words that start with it (``KeywordList``): word by word, place by place cost
    /// 14,000 instructions a call for a phone number's 24 bytes and 19 words (a fifth of the
    /// trace pipeline on 200 KB prompts).
    @inline(__always)
    func someWord(before i: Int, window: Int, _ words: KeywordList, _ accepts: (Int, Int) -> Bool) -> Bool {
        let lo = max(0, i - window)
        guard lo < i else { return false }
        for k in lo..<i {
            let c = lower(k)
            guard words.starts.contains(c) else { continue }
            let found = words.someStarting(with: c) { word in
                k + word.utf8CodeUnitCount <= i && hasPrefixIgnoringCase(word, at: k) && accepts(k, word.utf8CodeUnitCount)
            }
            if found { return true }
        }
        return false
    }

    /// True when `k` is inside the rule name of a mask, `[REDACTED:<rule>]`.
    func insideMask(_ k: Int) -> Bool {
        var j = k - 1
        while j >= 0 && k - j <= 48 {
            switch p[j] {
            case 0x5B: return hasPrefix("[REDACTED:", at: j)
            case 0x5D, 0x20: return false
            default: j -= 1
            }
        }
        return false
    }
}

extension Bytes {
    /// True when `start..<end` holds a letter and a digit and every other byte is `allowed`
    /// (what a generated token looks like: `f00dcafe1234`, not `dashboard` or `2026-11-24`).
    func mixesLettersAndDigits(_ start: Int, _ end: Int, allowing allowed: (UInt8) -> Bool) -> Bool {
        var letter = false, digit = false
        for j in start..<end {
            let c = cls(j)
            if c & ByteClass.digit != 0 {
                digit = true
            } else if c & (ByteClass.upper | ByteClass.lower) != 0 {
                letter = true
            } else if !allowed(p[j]) {
                return false
            }
        }
        return letter && digit
    }
}

/// The first bytes of some words (lowercase ASCII, or any byte from 0x80 on), as a set: where
/// in a window one of them may start.
struct FirstBytes {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private var beyondASCII = false

    init(_ words: [StaticString]) {
        for word in words where word.utf8CodeUnitCount > 0 {
            let b = word.utf8Start[0]
            if b < 64 {
                low |= 1 << UInt64(b)
            } else if b < 128 {
                high |= 1 << UInt64(b - 64)
            } else {
                beyondASCII = true
            }
        }
    }

    @inline(__always)
    func contains(_ b: UInt8) -> Bool {
        if b < 64 { return low >> UInt64(b) & 1 != 0 }
        if b < 128 { return high >> UInt64(b - 64) & 1 != 0 }
        return beyondASCII
    }
}
