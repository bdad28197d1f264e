/// Credentials in the authority of a URL or connection string, any scheme (rule
/// `connection_credentials`): `postgresql://user:pass@host:5432/db`,
/// `postgresql+asyncpg://…`, `mysql://`, `mongodb+srv://`, `redis://:pass@host`,
/// `rediss://`, `amqps://`, `kafka://`, `clickhouse://`, `snowflake://`, `jdbc:mysql://`,
/// `https://user:pass@host`. The whole `user:password` is matched (a user name is half a
/// credential, and often a person's address); scheme, host, port, path and query stay.
///
/// The authority runs from `//` to the first `/`, `?`, `#`, whitespace, quote, `<`, `>` or
/// `\`; the userinfo is what comes before its last `@` (so `p@ss` in a password stays whole).
/// It needs a `:` with a password after it — `postgres://app@db/x` holds no secret — unless it
/// is token-shaped on its own (20+ of `A-Za-z0-9-_.` with a letter and a digit, as in
/// `https://<token>@github.com/org/repo.git`). A password that is a placeholder (`****`,
/// `xxx`) or a mask is left alone.
enum URLCredentialsDetector {
    /// The userinfo after the `://` whose `:` is at `colon`; returns its range.
    static func match(_ s: Bytes, colon: Int, lowerBound: Int) -> (start: Int, end: Int)? {
        // A scheme: a letter, then letters, digits, `+`, `-`, `.`.
        var k = colon - 1
        while k >= lowerBound && colon - k <= 32 && (s.isAlnum(k) || s[k] == 0x2B || s[k] == 0x2D || s[k] == 0x2E) { k -= 1 }
        guard k + 1 < colon, s.isLetter(k + 1) else { return nil }
        let start = colon + 3
        var at = -1
        var j = start
        while j < s.n && j - start < 512 {
            let b = s[j]
            if b == 0x2F || b == 0x3F || b == 0x23 || b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x22 || b == 0x27
                || b == 0x3C || b == 0x3E || b == 0x5C {
                break
            }
            if b == 0x40 { at = j }
            j += 1
        }
        guard at > start, !s.hasPrefix("[REDACTED", at: start) else { return nil }
        var separator = -1
        for m in start..<at where s[m] == 0x3A {
            separator = m
            break
        }
        if separator >= 0 {
            guard at > separator + 1, !s.hasPrefix("[REDACTED", at: separator + 1),
                !SecretPairDetector.isStatusWord(s, separator + 1, at) else { return nil }
            return (start, at)
        }
        // No password: only a token standing for one.
        guard at - start >= 20, s.mixesLettersAndDigits(start, at, allowing: { $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }) else { return nil }
        return (start, at)
    }
}
