/// E-mail addresses, found from their `@`: a local part of `A-Z a-z 0-9 . _ % + -` (not
/// starting or ending with a dot, at most 64 bytes) and a domain of at least two labels
/// whose last (the TLD) is two or more letters. `name@2x` (no TLD), `pkg@1.2.3` and file
/// names such as `icon@2x.png` are not addresses.
enum EmailDetector {
    @inline(__always)
    static func isLocal(_ b: UInt8) -> Bool {
        ByteClass.table[Int(b)] & ByteClass.word != 0 || b == 0x2E || b == 0x25 || b == 0x2B || b == 0x2D
    }

    static let fileExtensions = ShortWordSet(
        ["png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "js", "css", "json", "txt", "pdf", "gz", "tgz", "yaml", "yml", "py", "ts"])

    /// `icon@2x.png`, `lib@next.js`: a file name, not an address.
    static func isFileExtension(_ s: Bytes, _ start: Int, _ end: Int) -> Bool {
        end - start <= 4 && fileExtensions.contains(s, start, end)
    }

    /// The address around the `@` at `at`, not starting before `lowerBound`.
    /// `width` is 1 for `@`, 3 for its URL encoding `%40` (`?email=alice%40example.com`).
    static func match(_ s: Bytes, at: Int, width: Int = 1, lowerBound: Int) -> (start: Int, end: Int)? {
        var k = at - 1
        let floor = max(lowerBound, at - 64)
        while k >= floor && isLocal(s[k]) && !(s[k] == 0x25 && s.at(k + 1) == 0x34 && s.at(k + 2) == 0x30) && !s.isEscapeLetter(k) { k -= 1 }
        var start = k + 1
        while start < at && (s[start] == 0x2E || s[start] == 0x2D || s[start] == 0x2B) { start += 1 }
        guard start < at, s[at - 1] != 0x2E else { return nil }
        // Domain: labels of letters, digits and hyphens, separated by single dots.
        var j = at + width
        var labels = 0
        var lastLabelStart = j
        var lastLabelAllLetters = true
        while true {
            let labelStart = j
            var allLetters = true
            while j < s.n {
                let c = s.cls(j)
                if c & ByteClass.alnum != 0 {
                    if c & ByteClass.digit != 0 { allLetters = false }
                    j += 1
                } else if s[j] == 0x2D {
                    allLetters = false
                    j += 1
                } else {
                    break
                }
            }
            guard j > labelStart, s[labelStart] != 0x2D, s[j - 1] != 0x2D, j - labelStart <= 63 else {
                // An empty or hyphen-edged label ends the domain before it.
                j = labelStart - 1
                break
            }
            labels += 1
            lastLabelStart = labelStart
            lastLabelAllLetters = allLetters
            if s.at(j) == 0x2E && s.isAlnum(j + 1) {
                j += 1
                continue
            }
            break
        }
        guard labels >= 2, lastLabelAllLetters, j - lastLabelStart >= 2 else { return nil }
        if isFileExtension(s, lastLabelStart, j) { return nil }
        // `git@github.com:org/repo.git`: an SSH remote, not a person.
        if at - start == 3 && s.hasPrefix("git@", at: start) && s.at(j) == 0x3A { return nil }
        // `user@host.example.com-foo` or `a@b.co_x`: part of a longer token.
        if s.isWord(j) { return nil }
        return (start, j)
    }
}
