/// Session cookies (rule `session_cookie`): in the text of a `Cookie:` or `Set-Cookie:`
/// header (any case; also `"cookie":"…"` in JSON held as text), and in the string value of a
/// member whose key names cookies (``isCookieKey(_:)``), the value of every cookie whose name
/// says it holds a session or a credential (``isSessionName(_:_:_:keys:)``), or whose value is
/// token-shaped on its own (32+ of `A-Za-z0-9-_.%+/=~` with a letter and a digit). Other
/// cookies (`theme=dark`, `lang=en`, `_ga=GA1.2.…`) and Set-Cookie attributes (`Path`,
/// `Expires`, `SameSite`) stay readable, and are scanned as any text is.
///
/// A header runs to the end of the line (a line break or its JSON escape), or to its closing
/// quote when quoted. A value runs to `;`, `,`, whitespace, a quote, `\` or non-ASCII (cookie
/// values are ASCII); a quoted value
/// (`sid="…"`) is taken without its quotes. `deleted` (as servers clear a cookie), status words
/// and masks are left alone. In cookie text the cookie's name alone decides: the secret-pair
/// and URL rules do not look at its `=`.
enum CookieDetector {
    /// Exact cookie names that hold sessions or credentials (lowercase, `_` for `-`).
    static let sessionNames = NameList(["session", "sess", "sid", "jwt", "auth", "cfid", "cftoken", "remember_me", "rememberme"])

    /// True when a key (a JSON member's, or a header's name) names cookies: `cookie`,
    /// `cookies`, `set-cookie`, `Set_Cookie`, `HTTP_COOKIE`, `request_cookies`, ignoring case.
    @inline(__always) static func isCookieKey(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        // Most keys are rejected by their last byte (checked for every member of every event).
        let n = name.count
        guard n >= 6, n <= 64 else { return false }
        let last = name[n - 1] | 0x20
        guard last == UInt8(ascii: "e") || last == UInt8(ascii: "s") else { return false }
        return isCookieKeyEnding(name)
    }

    static func isCookieKeyEnding(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = name.count
        if name[end - 1] | 0x20 == UInt8(ascii: "s") { end -= 1 }
        guard end >= 6 else { return false }
        let word: StaticString = "cookie"
        let w = word.utf8Start
        for k in 0..<6 where name[end - 6 + k] | 0x20 != w[k] { return false }
        let before = end - 6
        if before == 0 || name[before - 1] == 0x5F || name[before - 1] == 0x2D { return true }
        return before == 3 && name[0] | 0x20 == UInt8(ascii: "s") && name[1] | 0x20 == UInt8(ascii: "e") && name[2] | 0x20 == UInt8(ascii: "t")
    }

    /// True when the cookie name `start..<end` says it holds a session or a credential:
    /// ``sessionNames``; `__Secure-` or `__Host-` first; `sess` anywhere (`PHPSESSID`,
    /// `JSESSIONID`, `laravel_session`, `ASPSESSIONIDQS`); ending in `sid` (`connect.sid`,
    /// `SAPISID`), `token` (`csrftoken`, `XSRF-TOKEN`, `remember_user_token`) or `auth`;
    /// `csrf`/`xsrf` anywhere; or a configured sensitive key (`api_key`, `password`).
    static func isSessionName(_ s: Bytes, _ start: Int, _ end: Int, keys: SensitiveKeys) -> Bool {
        if sessionNames.contains(s, start, end) { return true }
        if s.hasPrefixIgnoringCase("__secure-", at: start) || s.hasPrefixIgnoringCase("__host-", at: start) { return true }
        if s.nameEnds(start, end, with: "sid") || s.nameEnds(start, end, with: "token") || s.nameEnds(start, end, with: "auth") { return true }
        if s.nameContains(start, end, "sess") || s.nameContains(start, end, "csrf") || s.nameContains(start, end, "xsrf") { return true }
        return keys.matches(s.buffer(start, end))
    }

    /// True when a member of a cookie jar (an object under a cookie key) is a session
    /// cookie by its name.
    static func isSessionKey(_ key: UnsafeBufferPointer<UInt8>, keys: SensitiveKeys) -> Bool {
        guard let base = key.baseAddress, key.count > 0, key.count <= 128 else { return false }
        return isSessionName(Bytes(base, key.count), 0, key.count, keys: keys)
    }

    /// True when `text` (a JSON string's raw body) is a well-formed cookie list, as a
    /// `Cookie:` or `Set-Cookie:` value: `;`-separated `name=value` items (names of cookie-name
    /// bytes, values of cookie octets, optionally quoted), and Set-Cookie's attributes (a bare
    /// `HttpOnly`, `Secure`; `Expires=Wed, 21 Oct 2026 07:28:00 GMT`). A member whose key is
    /// sensitive as a whole (`cookie`, `set_cookie`) is read cookie by cookie only then; any
    /// other value (escapes, spaces or commas in a value, no `=`) is masked whole as before.
    static func isCookieList(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress, text.count >= 2 else { return false }
        let s = Bytes(base, text.count)
        var i = 0
        var item = 0
        while i < s.n {
            while s.at(i) == 0x20 { i += 1 }
            if i == s.n && item > 0 { return true }
            let nameStart = i
            while i < s.n && isNameByte(s[i]) { i += 1 }
            guard i > nameStart else { return false }
            if s.at(i) != 0x3D {
                // A bare attribute (`HttpOnly`), never the first item.
                guard item > 0, i == s.n || s[i] == 0x3B else { return false }
            } else {
                i += 1
                let expires = i - nameStart == 8 && s.hasPrefixIgnoringCase("expires", at: nameStart)
                let quoted = s.at(i) == 0x22
                if quoted { i += 1 }
                while i < s.n && s[i] != 0x3B {
                    let b = s[i]
                    if b == 0x22 && quoted {
                        i += 1
                        break
                    }
                    guard b > 0x20 && b != 0x22 && b != 0x5C && b != 0x7F && (b != 0x2C || expires) || (b == 0x20 && expires) else { return false }
                    i += 1
                }
            }
            guard i == s.n || s[i] == 0x3B else { return false }
            i += 1
            item += 1
        }
        return item > 0
    }

    /// The end of the header text after the `:` at `colon` when the name before it is a
    /// cookie header's; nil otherwise.
    static func headerEnd(_ s: Bytes, colon: Int, lowerBound: Int) -> Int? {
        var k = colon - 1
        var quoted = false
        if k >= lowerBound && (s[k] == 0x22 || s[k] == 0x27) {
            quoted = true
            k -= 1
            if k >= lowerBound && s[k] == 0x5C { k -= 1 }
        }
        guard k >= lowerBound, s.lower(k) == UInt8(ascii: "e") || s.lower(k) == UInt8(ascii: "s") else { return nil }
        let nameEnd = k + 1
        while k >= lowerBound && nameEnd - k <= 64 && (s.cls(k) & ByteClass.word != 0 || s[k] == 0x2D) && !s.isEscapeLetter(k) { k -= 1 }
        guard nameEnd - k > 6, isCookieKey(s.buffer(k + 1, nameEnd)) else { return nil }
        var j = colon + 1
        while s.at(j) == 0x20 || s.at(j) == 0x09 { j += 1 }
        // A quoted value (`"cookie":"a=b; sid=…"`, or with escaped quotes) ends at its quote.
        var quote: UInt8 = 0
        var escapedQuote = false
        if s.at(j) == 0x22 || s.at(j) == 0x27 {
            quote = s[j]
            j += 1
        } else if s.at(j) == 0x5C && (s.at(j + 1) == 0x22 || s.at(j + 1) == 0x27) {
            quote = s[j + 1]
            escapedQuote = true
            j += 2
        } else if quoted {
            // `"cookie": 12`: a JSON value that is no string.
            return nil
        }
        while j < s.n {
            let b = s[j]
            if b == 0x0A || b == 0x0D { break }
            if b == 0x5C && (s.isEscapeLetter(j + 1) || (escapedQuote && s.at(j + 1) == quote)) { break }
            if quote != 0 && !escapedQuote && b == quote { break }
            if quote == 0 && b == 0x22 { break }
            j += 1
        }
        return j
    }

    /// The value of the cookie whose `=` is at `eq`, inside cookie text starting at
    /// `regionStart`: its range, and whether it is a session cookie's. Nil when the `=` is no
    /// cookie's (its name does not follow `;`, `,`, a space, a quote or the header's `:`), so
    /// other rules look at it (`…; see https://x/?token=…`).
    static func match(_ s: Bytes, eq: Int, regionStart: Int, lowerBound: Int, keys: SensitiveKeys) -> (start: Int, end: Int, secret: Bool)? {
        let floor = max(regionStart, lowerBound)
        var k = eq - 1
        while k >= floor && eq - k <= 128 && isNameByte(s[k]) && !s.isEscapeLetter(k) { k -= 1 }
        let nameStart = k + 1
        guard nameStart < eq else { return nil }
        if k >= floor {
            let b = s[k]
            guard b == 0x3B || b == 0x2C || b == 0x20 || b == 0x09 || b == 0x22 || b == 0x27 || b == 0x3A || s.isEscapeLetter(k) else { return nil }
        }
        var start = eq + 1
        if s.at(start) == 0x22 || (s.at(start) == 0x5C && s.at(start + 1) == 0x22) { start += s.at(start) == 0x22 ? 1 : 2 }
        var end = start
        while end < s.n {
            let b = s[end]
            if b == 0x3B || b == 0x2C || b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x22 || b == 0x27 || b == 0x5C || b >= 0x80 { break }
            end += 1
        }
        guard end > start, !s.hasPrefix("[REDACTED", at: start) else { return (start, end, false) }
        if end - start == 7 && s.hasPrefixIgnoringCase("deleted", at: start) { return (start, end, false) }
        if SecretPairDetector.isStatusWord(s, start, end) { return (start, end, false) }
        return (start, end, isSessionName(s, nameStart, eq, keys: keys) || isTokenShaped(s, start, end))
    }

    /// Bytes of a cookie name: letters, digits and ``!#$%&'*+-.^_`|~`` but the quote.
    @inline(__always) static func isNameByte(_ b: UInt8) -> Bool {
        ByteClass.table[Int(b)] & ByteClass.word != 0 || b == 0x2D || b == 0x2E || b == 0x21 || b == 0x23 || b == 0x24
            || b == 0x25 || b == 0x26 || b == 0x2A || b == 0x2B || b == 0x5E || b == 0x60 || b == 0x7C || b == 0x7E
    }

    /// True when a cookie value is a credential by its look: 32+ of `A-Za-z0-9-_.%+/=~` with a
    /// letter and a digit (with any `] ) } > . ! ? :` after it left out).
    static func isTokenShaped(_ s: Bytes, _ start: Int, _ end: Int) -> Bool {
        // Punctuation after it (`…abc]`, `…abc?` at the end of a sentence) is not part of it.
        var end = end
        while end > start, s[end - 1] == 0x5D || s[end - 1] == 0x29 || s[end - 1] == 0x7D || s[end - 1] == 0x3E || s[end - 1] == 0x2E
            || s[end - 1] == 0x21 || s[end - 1] == 0x3F || s[end - 1] == 0x3A {
            end -= 1
        }
        guard end - start >= 32 else { return false }
        return s.mixesLettersAndDigits(start, end) { b in
            b == 0x2D || b == 0x5F || b == 0x2E || b == 0x25 || b == 0x2B || b == 0x2F || b == 0x3D || b == 0x7E
        }
    }
}
