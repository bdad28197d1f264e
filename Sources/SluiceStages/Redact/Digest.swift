import CCrypto

/// Keyed and plain SHA-256 digests through OpenSSL's libcrypto (the `CCrypto` shim).
public enum Digest {
    /// HMAC-SHA256 of `data` under `key` (32 bytes).
    public static func hmacSHA256(key: [UInt8], data: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let ok = key.withUnsafeBufferPointer { k in
            out.withUnsafeMutableBufferPointer { o in
                sluice_hmac_sha256(k.baseAddress, k.count, data.baseAddress, data.count, o.baseAddress)
            }
        }
        // libcrypto only fails on allocation failure; never return a digest it did not make.
        precondition(ok == 1, "HMAC-SHA256 failed in libcrypto")
        return out
    }

    /// HMAC-SHA256 of any byte collection.
    public static func hmacSHA256<C: Collection<UInt8>>(key: [UInt8], data: C) -> [UInt8] {
        let bytes = Array(data)
        return bytes.withUnsafeBufferPointer { hmacSHA256(key: key, data: $0) }
    }

    /// SHA-256 of `data` (32 bytes).
    public static func sha256(_ data: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let ok = out.withUnsafeMutableBufferPointer { o in
            sluice_sha256(data.baseAddress, data.count, o.baseAddress)
        }
        precondition(ok == 1, "SHA-256 failed in libcrypto")
        return out
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the first `count` bytes of `digest` as lowercase hex.
    public static func appendHex(_ digest: [UInt8], count: Int, to out: inout [UInt8]) {
        for b in digest.prefix(count) {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 0x0F)])
        }
    }
}
