/// Secrets in the query of a URL (rule `url_token`): the value of a parameter whose name,
/// ignoring case and with `-` read as `_`, is a signature or credential — presigned S3
/// (`X-Amz-Signature`, `X-Amz-Credential`, `X-Amz-Security-Token`, v2's `AWSAccessKeyId` and
/// `Signature`), GCS (`X-Goog-Signature`, `X-Goog-Credential`), Azure SAS (`sig`), OAuth
/// (`access_token`, `refresh_token`, `id_token`, `code`, `client_secret`), `token`,
/// `api_key`, `key`, `secret`, `password`… (``names``) — or a configured sensitive key.
/// Only the value is matched: host, path and the other parameters stay readable.
///
/// The name must follow `?` or `&` (also `&amp;` as in HTML, and `\u0026` as Go's JSON
/// encoder writes `&`, in text holding JSON as written), `#` (OAuth's implicit flow puts
/// tokens in the fragment), or `;` for `jsessionid`. The value runs to `&`, `#`, `?`, whitespace, a quote, `<`, `>`, `` ` ``, `(`, `)`, `[`, `]`, `{`, `}`,
/// `,`, `;`, `|` or `\`. Empty values, masks and status words (`token=expired`) are left;
/// so are numbers for `token`-like names (`page_token=2`); `key` and `code`, which also name
/// ordinary things (`?key=dashboard`, `?code=404`), need 12+ characters with a letter and a
/// digit.
///
/// `;Password=…`, `;AccountKey=…`, `;SharedAccessKey=…` in a connection string
/// (`Server=db;User ID=sa;Password=…`, Azure's `…;AccountKey=…;EndpointSuffix=…`) are found
/// here too, as `connection_credentials` (``connectionNames``), up to the next `;`.
enum URLTokenDetector {
    static let names = NameList([
        "sig", "signature", "x-amz-signature", "x-amz-credential", "x-amz-security-token", "awsaccesskeyid",
        "x-goog-signature", "x-goog-credential", "x-goog-security-token", "token", "access_token", "refresh_token", "id_token",
        "auth_token", "session_token", "private_token", "api_key", "apikey", "key", "secret", "password", "passwd", "pwd",
        "client_secret", "code", "jwt", "auth", "sessionid", "session_id", "phpsessid", "jsessionid", "sas",
    ])

    /// Names after `;` in a connection string whose value is a credential.
    static let connectionNames = NameList([
        "password", "pwd", "accountkey", "sharedaccesskey", "sharedaccesssignature", "accesskey", "secretkey", "secret",
    ])

    /// The secret value of the parameter whose `=` is at `eq`; returns its range and rule, or
    /// an empty range and ``TextScanner/skip`` when the name is one of these but the value is
    /// no secret (`?token=expired`, `&page_token=3`), which no other rule then takes.
    static func match(_ s: Bytes, eq: Int, lowerBound: Int, keys: SensitiveKeys) -> (start: Int, end: Int, rule: UInt16)? {
        // The name: letters, digits, `_`, `-`, `.`.
        var k = eq - 1
        while k >= lowerBound && eq - k <= 64 && (s.cls(k) & ByteClass.word != 0 || s[k] == 0x2D || s[k] == 0x2E) { k -= 1 }
        var nameStart = k + 1
        guard nameStart < eq, k >= lowerBound else { return nil }
        var rule = RedactRule.urlToken
        switch s[k] {
        case UInt8(ascii: "?"), UInt8(ascii: "&"), UInt8(ascii: "#"):
            break
        case UInt8(ascii: "\\"):
            // `\u0026`, in text holding JSON as written: the name follows it.
            guard eq - nameStart > 5, s.hasPrefix("u0026", at: nameStart) else { return nil }
            nameStart += 5
        case UInt8(ascii: ";"):
            if k >= 4 && s.hasPrefix("&amp;", at: k - 4) { break }
            if s.hasPrefixIgnoringCase("jsessionid", at: nameStart) && eq - nameStart == 10 { break }
            guard connectionNames.contains(s, nameStart, eq) else { return nil }
            rule = RedactRule.connectionCredentials
        default:
            return nil
        }
        if rule == RedactRule.urlToken {
            guard names.contains(s, nameStart, eq) || keys.matches(s.buffer(nameStart, eq)) else { return nil }
        }
        // The value.
        let start = eq + 1
        var end = start
        while end < s.n && !(rule == RedactRule.urlToken ? isQueryStop(s[end]) : isPairStop(s[end])) { end += 1 }
        // A value that is no secret: nothing to mask, and no other rule's to take.
        let declined = (start, start, TextScanner.skip)
        guard end > start, !s.hasPrefix("[REDACTED", at: start), !SecretPairDetector.isStatusWord(s, start, end) else { return declined }
        let name = s.buffer(nameStart, eq)
        if SensitiveKeys.isTokenLike(name) {
            var digits = true
            for j in start..<end where s[j] &- 0x30 >= 10 { digits = false }
            if digits { return declined }
        }
        let n = eq - nameStart
        if (n == 3 && s.hasPrefixIgnoringCase("key", at: nameStart)) || (n == 4 && s.hasPrefixIgnoringCase("code", at: nameStart)) {
            guard end - start >= 12, randomLooking(s, start, end) else { return declined }
        }
        return (start, end, rule)
    }

    /// Bytes that end a query value.
    @inline(__always) static func isQueryStop(_ b: UInt8) -> Bool {
        // Non-ASCII: a URL percent-encodes it, so it is text around the URL.
        if b >= 0x80 { return true }
        switch b {
        case 0x26, 0x23, 0x3F, 0x20, 0x09, 0x0A, 0x0D, 0x22, 0x27, 0x3C, 0x3E, 0x60, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x2C, 0x3B, 0x7C, 0x5C:
            return true
        default:
            return false
        }
    }

    /// Bytes that end the value of a connection-string pair.
    @inline(__always) static func isPairStop(_ b: UInt8) -> Bool {
        b == 0x3B || b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x22 || b == 0x27 || b == 0x5C
    }

    /// True when the value holds a letter and a digit.
    static func randomLooking(_ s: Bytes, _ start: Int, _ end: Int) -> Bool {
        s.mixesLettersAndDigits(start, end) { _ in true }
    }
}
