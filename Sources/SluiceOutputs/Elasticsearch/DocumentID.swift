/// The deterministic `_id` of an event: a function of the source file's stable key and the
/// line's byte offset, so a replay after a crash sends the same `_id` and Elasticsearch answers
/// 409 (`create`) for what already arrived.
///
/// Scheme (version 1; changing it would duplicate documents on replay across an upgrade):
/// ```
/// f(v)  = MurmurHash3 fmix64(v)                      (a bijection on UInt64)
/// h1    = f(key ^ f(offset ^ 0x9E3779B97F4A7C15))
/// h2    = f(offset ^ f(key ^ 0xC2B2AE3D27D4EB4F) ^ 0x165667B19E3779F9)
/// bytes = h1 (8 bytes, big-endian) ++ the high 7 bytes of h2 (big-endian)   = 120 bits
/// _id   = base64url(bytes), no padding                                       = 20 characters
/// ```
/// For one file key, `h1` is a bijection of the offset, so two lines of the same file never
/// share an `_id`; across files, ids collide with probability about 2⁻¹²⁰ per pair. Twenty
/// characters is the length of Elasticsearch's own generated ids.
public enum DocumentID {
    /// Length of an id in bytes (ASCII).
    public static let length = 20

    /// Appends the 20-character id for (`fileKey`, `offset`) to `out`.
    public static func append(fileKey: UInt64, offset: UInt64, to out: inout [UInt8]) {
        let h1 = fmix64(fileKey ^ fmix64(offset ^ 0x9E37_79B9_7F4A_7C15))
        let h2 = fmix64(offset ^ fmix64(fileKey ^ 0xC2B2_AE3D_27D4_EB4F) ^ 0x1656_67B1_9E37_79F9)
        // 120 bits as five 24-bit groups of four characters each, written in one append.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { id in
            writeGroup(h1 >> 40, to: id, at: 0)
            writeGroup((h1 >> 16) & 0xFF_FFFF, to: id, at: 4)
            writeGroup(((h1 & 0xFFFF) << 8) | (h2 >> 56), to: id, at: 8)
            writeGroup((h2 >> 32) & 0xFF_FFFF, to: id, at: 12)
            writeGroup((h2 >> 8) & 0xFF_FFFF, to: id, at: 16)
            out.append(contentsOf: UnsafeBufferPointer(id))
        }
    }

    @inline(__always)
    static func writeGroup(_ group: UInt64, to id: UnsafeMutableBufferPointer<UInt8>, at k: Int) {
        id[k] = alphabet(UInt8(truncatingIfNeeded: (group >> 18) & 0x3F))
        id[k + 1] = alphabet(UInt8(truncatingIfNeeded: (group >> 12) & 0x3F))
        id[k + 2] = alphabet(UInt8(truncatingIfNeeded: (group >> 6) & 0x3F))
        id[k + 3] = alphabet(UInt8(truncatingIfNeeded: group & 0x3F))
    }

    /// The id as a `String` (tests, logs).
    public static func string(fileKey: UInt64, offset: UInt64) -> String {
        var out: [UInt8] = []
        append(fileKey: fileKey, offset: offset, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// MurmurHash3's 64-bit finaliser.
    @inline(__always)
    static func fmix64(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33
        k &*= 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k &*= 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }

    /// The base64url alphabet (RFC 4648 §5): `A-Z a-z 0-9 - _`.
    static let alphabetBytes: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

    /// The character for a 6-bit value: a table look-up (a chain of range tests branches
    /// unpredictably on random ids).
    @inline(__always)
    static func alphabet(_ v: UInt8) -> UInt8 {
        alphabetBytes.utf8Start[Int(v & 0x3F)]
    }
}
