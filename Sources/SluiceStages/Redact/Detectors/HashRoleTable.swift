/// A read-only table from 64-bit word hashes to role bits, for the lookups of
/// ``PersonalLexicon`` and ``PersonalKeys`` that run on every capitalised word and on many
/// member keys: open addressing over memory allocated once and never freed, so a lookup is
/// a few loads with no hashing of its own, no retain and no lazy-initialisation check.
/// Hand-written because `Dictionary` (SipHash through `Hasher`, plus the global's `swift_once`)
/// cost the redact stage about a third of what the personal-data rules added to it in
/// `sluice-bench --mode stages` (0.22 → 0.07 s per million lines).
struct HashRoleTable: @unchecked Sendable {
    private let keys: UnsafeMutablePointer<UInt64>
    private let values: UnsafeMutablePointer<UInt32>
    private let mask: Int

    /// A table holding `entries` (hash → roles; the roles of equal hashes are merged).
    init(_ entries: [(UInt64, UInt32)]) {
        var capacity = 16
        while capacity < entries.count * 3 { capacity <<= 1 }
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: 0, count: capacity)
        mask = capacity - 1
        for (h, roles) in entries {
            let key = h == 0 ? 1 : h
            var i = Int(truncatingIfNeeded: key) & mask
            while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
            keys[i] = key
            values[i] |= roles
        }
    }

    /// The roles stored for `h`, or 0.
    @inline(__always)
    func roles(_ h: UInt64) -> UInt32 {
        let key = h == 0 ? 1 : h
        var i = Int(truncatingIfNeeded: key) & mask
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 { return 0 }
            i = (i + 1) & mask
        }
    }
}
