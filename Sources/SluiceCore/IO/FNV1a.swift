/// FNV-1a, 64 bits: the one non-cryptographic hash of small byte strings (file fingerprints,
/// check regions, sampling keys). Stable across runs, processes and machines.
public enum FNV1a {
    /// The offset basis, the hash of no bytes.
    public static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    static let prime: UInt64 = 0x100_0000_01B3

    /// The hash of `bytes`, continuing from `seed` (a previous hash, or the offset basis).
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = offsetBasis) -> UInt64 {
        var h = seed
        for b in bytes {
            h ^= UInt64(b)
            h = h &* prime
        }
        return h
    }
}
