/// Names whose values are secrets whatever they look like: a JSON member with such a key has
/// its whole value masked (rule `sensitive_key`), and `name=value` / `name: value` pairs in
/// text have their value masked (rule `secret_pair`).
///
/// A name matches an entry when, lowercased and with `-` read as `_`, it equals the entry,
/// ends with `_` + the entry (`db_password`, `x_api_key`), or — for entries of six or more
/// characters — simply ends with it (`userpassword`, `clientsecret`). So `access_token`
/// matches `token` but `max_tokens` and `token_count` do not.
public struct SensitiveKeys: Sendable {
    /// The default entries.
    public static let defaults = [
        "password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "access_key", "secret_key",
        "private_key", "authorization", "credentials", "cookie", "set_cookie", "session_id", "sessionid",
        "passphrase", "client_secret",
    ]

    /// The normalised entries, bucketed by their last byte so most names are rejected after
    /// one table lookup.
    let buckets: [[[UInt8]]]

    public init(_ names: [String]) {
        var buckets = [[[UInt8]]](repeating: [], count: 256)
        for name in names {
            let entry = Array(name.lowercased().utf8).map { $0 == 0x2D ? 0x5F : $0 }
            guard let last = entry.last else { continue }
            buckets[Int(last)].append(entry)
        }
        self.buckets = buckets
    }

    @inline(__always)
    static func normalised(_ b: UInt8) -> UInt8 {
        if b &- 0x41 < 26 { return b | 0x20 }
        return b == 0x2D ? 0x5F : b
    }

    /// True when `name` (raw bytes, unescaped) is sensitive.
    public func matches(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = name.count
        guard n > 0, n <= 128 else { return false }
        let bucket = buckets[Int(Self.normalised(name[n - 1]))]
        if bucket.isEmpty { return false }
        for entry in bucket where entry.count <= n {
            let m = entry.count
            var equal = true
            var k = 1
            while k <= m {
                if Self.normalised(name[n - k]) != entry[m - k] {
                    equal = false
                    break
                }
                k += 1
            }
            guard equal else { continue }
            if m == n || Self.normalised(name[n - m - 1]) == 0x5F || m >= 6 { return true }
        }
        return false
    }

    /// True when the name is one whose values are counts, not secrets, when numeric
    /// (`token`-like names).
    static func isTokenLike(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = name.count
        guard n >= 5 else { return false }
        let t: [UInt8] = Array("token".utf8)
        for k in 0..<5 where name[n - 5 + k] | 0x20 != t[k] { return false }
        return true
    }
}
