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
    /// Whether any entry ends with the byte (normalised), for a check without retains.
    let lastBytes: LastByteSet

    public init(_ names: [String]) {
        var buckets = [[[UInt8]]](repeating: [], count: 256)
        for name in names {
            let entry = Array(name.lowercased().utf8).map { $0 == 0x2D ? 0x5F : $0 }
            guard let last = entry.last else { continue }
            buckets[Int(last)].append(entry)
        }
        self.buckets = buckets
        var set = LastByteSet()
        for (b, bucket) in buckets.enumerated() where !bucket.isEmpty { set.insert(UInt8(b)) }
        lastBytes = set
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
        let last = Self.normalised(name[n - 1])
        guard lastBytes.contains(last) else { return false }
        let bucket = buckets[Int(last)]
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

/// A set of bytes as four 64-bit words.
struct LastByteSet: Sendable {
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    mutating func insert(_ b: UInt8) {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    @inline(__always) func contains(_ b: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }
}
