import SluiceCore

/// A deterministic 64-bit hash for events without a trace id: FNV-1a over the bytes, then
/// the MurmurHash3 finaliser so that every bit (in particular the low 56 the sampler reads)
/// depends on every input byte. Stable across runs, processes and machines.
enum SamplingKey {
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = FNV1a.hash(UnsafeRawBufferPointer(bytes))
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}
