/// `name=value` and `name: value` pairs in text whose name is sensitive (see
/// ``SensitiveKeys``): `password=hunter2`, `secret: s3cr3t`, `"api_key":"…"` inside an
/// embedded JSON string (also with its quotes escaped, `\"api_key\":\"…\"`, as the text of a
/// cut JSON line holds it), `Authorization: Basic dXNlcjpwYXNz`. Only the value is matched. A
/// value is a quoted string, or runs to whitespace (also escaped, `\n`), `,`, `;`, `&`, `)`,
/// `]` or `}`.
/// Numeric values of `token`-like names (`token: 512`) are counts, and status words
/// (`password: incorrect`, `token: expired`, `secret: ****`) are states, not secrets. An
/// `Authorization: Bearer …` value is left to the `bearer_token` rule.
enum SecretPairDetector {
    /// The value of a pair whose `:` or `=` is at `sep`, when the name before it is
    /// sensitive; returns the value's range.
    static func match(_ s: Bytes, separator sep: Int, lowerBound: Int, keys: SensitiveKeys) -> (start: Int, end: Int)? {
        // "http://", "a::b", "==", ":=": not pairs.
        let after = s.at(sep + 1)
        if after == 0x2F || after == 0x3A || after == 0x3D { return nil }
        // Before it: the name, an optional closing quote, optional spaces.
        var k = sep - 1
        while k >= lowerBound && k > sep - 4 && s[k] == 0x20 { k -= 1 }
        if k >= lowerBound && (s[k] == 0x22 || s[k] == 0x27) {
            k -= 1
            // `\"api_key\":\"…\"`: an embedded JSON string as a cut JSON line holds it.
            if k >= lowerBound && s[k] == 0x5C { k -= 1 }
        }
        let nameEnd = k + 1
        // The name's last byte first: most `:` (times, `key: value` text) follow no name an
        // entry could end with, so the name is not walked back over.
        guard k >= lowerBound, keys.lastBytes.contains(SensitiveKeys.normalised(s[k])) else { return nil }
        while k >= lowerBound && nameEnd - k <= 64 && (s.cls(k) & ByteClass.word != 0 || s[k] == 0x2D) && !s.isEscapeLetter(k) { k -= 1 }
        let nameStart = k + 1
        guard nameEnd > nameStart else { return nil }
        let name = UnsafeBufferPointer(start: s.p + nameStart, count: nameEnd - nameStart)
        guard keys.matches(name) else { return nil }
        var j = sep
        j += 1
        while s.at(j) == 0x20 || s.at(j) == 0x09 { j += 1 }
        var start = j
        var end: Int
        let quote = s.at(j)
        if quote == 0x5C && (s.at(j + 1) == 0x22 || s.at(j + 1) == 0x27) {
            // Quoted by escaped quotes (`\"hunter2\"`): up to the next one.
            let q = s.at(j + 1)
            start = j + 2
            end = start
            while end < s.n && !(s[end] == 0x5C && s.at(end + 1) == q) { end += 1 }
        } else if quote == 0x22 || quote == 0x27 {
            start = j + 1
            end = start
            while end < s.n && s[end] != quote {
                if s[end] == 0x5C { end += 1 }
                end += 1
            }
            end = min(end, s.n)
        } else {
            // A credential scheme: mask what follows it, or leave Bearer to its own rule.
            if s.hasPrefixIgnoringCase("bearer ", at: j) { return nil }
            for scheme: StaticString in ["basic ", "token ", "digest ", "negotiate "] where s.hasPrefixIgnoringCase(scheme, at: j) {
                start = j + scheme.utf8CodeUnitCount
                while s.at(start) == 0x20 { start += 1 }
                break
            }
            end = start
            while end < s.n {
                let b = s[end]
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x2C || b == 0x3B || b == 0x26
                    || b == 0x29 || b == 0x5D || b == 0x7D || b == 0x22 || b == 0x27 || (b == 0x5C && s.isEscapeLetter(end + 1)) {
                    break
                }
                end += 1
            }
        }
        guard end > start else { return nil }
        // Already masked, or a status word rather than a secret ("password: incorrect").
        if s.hasPrefix("[REDACTED", at: start) || isStatusWord(s, start, end) { return nil }
        if SensitiveKeys.isTokenLike(name) {
            var allDigits = true
            for k in start..<end where s[k] &- 0x30 >= 10 && s[k] != 0x2E {
                allDigits = false
                break
            }
            if allDigits { return nil }
        }
        return (start, end)
    }

    static let statusWords = ShortWordSet(
        ["invalid", "expired", "missing", "incorrect", "required", "none", "null", "nil", "true", "false", "empty",
         "redacted", "changed", "reset", "ok", "set", "unset", "present", "absent", "rotated", "revoked", "valid",
         "wrong", "denied", "mismatch", "hidden", "masked", "n/a", "undefined", "refreshed"])

    /// True when the value is a word describing the secret's state, not the secret.
    static func isStatusWord(_ s: Bytes, _ start: Int, _ end: Int) -> Bool {
        guard end - start <= 10 else { return false }
        if (start..<end).allSatisfy({ s.lower($0) == UInt8(ascii: "*") || s.lower($0) == UInt8(ascii: "x") }) { return true }
        return statusWords.contains(s, start, end)
    }
}
