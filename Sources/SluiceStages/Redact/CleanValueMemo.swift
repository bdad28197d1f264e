/// The string values the detectors found nothing in, remembered with their key so a value
/// seen again under the same key is not scanned again.
///
/// AI-workflow logs repeat most of their strings: the logger's name, the event name, the model,
/// the GPU, a workflow or batch id, templated messages. In the bench's 300-byte lines 77% of
/// the string bytes (timestamps aside) repeat a value of the same key within 1,000 lines.
///
/// The memo is exact, not probabilistic: an entry keeps the key and value bytes and a hit
/// compares them in full, so a hash collision can only cost a scan, never skip one. Only
/// values that came out unchanged are remembered (a value with a finding is scanned every
/// time, and counted every time), and only when the scan depends on nothing but the key, the
/// value and ``Flags`` (the engine checks that: not at a line cut, no regex limit hit).
///
/// A fixed table of ``slotCount`` slots, one entry each (a new value takes the slot), over an
/// arena of at most ``arenaLimit`` bytes that is emptied with the table when full: memory is
/// bounded whatever the input. Hand-written rather than a `Dictionary` of `[UInt8]`: one
/// allocation for all entries, no hashing of `Array`s, no copy on lookup.
struct CleanValueMemo {
    /// Values longer than this are not remembered: they rarely repeat, and hashing them
    /// costs a good part of a scan.
    static let maxValueBytes = 256
    /// Keys longer than this are not remembered.
    static let maxKeyBytes = 128
    static let slotCount = 4096
    static let arenaLimit = 256 * 1024

    /// What besides the key and value the scan depends on.
    struct Flags: OptionSet {
        let rawValue: UInt64
        /// An array element or the line itself (no key).
        static let noKey = Flags(rawValue: 1 << 0)
        /// Inside a container under a version key (`ip_version`): numbers read as versions.
        static let inheritedVersion = Flags(rawValue: 1 << 1)
        /// Read as cookie text.
        static let cookies = Flags(rawValue: 1 << 2)
        /// A member of the event itself, reached by the engine's whole way for a value
        /// (see ``RedactEngine/isKnownCleanMember(key:value:)``).
        static let topLevel = Flags(rawValue: 1 << 3)
    }

    /// A looked-up pair: whether it was found, and the hash and slot to insert it under.
    struct Probe {
        let found: Bool
        let hash: UInt64
        let slot: Int
    }

    /// One slot: the entry's hash (0: empty), where its key and value bytes start in the
    /// arena, and their lengths.
    struct Entry {
        var hash: UInt64 = 0
        var offset: UInt32 = 0
        var keyLength: UInt16 = 0
        var valueLength: UInt16 = 0
    }

    private var entries: [Entry] = []
    /// The remembered keys and values, back to back; ``arenaLimit`` bytes once used.
    private var arena: [UInt8] = []
    private var arenaUsed = 0

    init() {}

    /// True when `key` and `value` are small enough to be remembered.
    @inline(__always)
    static func fits(key: UnsafeBufferPointer<UInt8>?, value: UnsafeBufferPointer<UInt8>) -> Bool {
        value.count <= maxValueBytes && (key?.count ?? 0) <= maxKeyBytes
    }

    func lookup(key: UnsafeBufferPointer<UInt8>?, value: UnsafeBufferPointer<UInt8>, flags: Flags) -> Probe {
        var h = Self.mix(Self.mix(Self.sample(key) ^ flags.rawValue &+ 0x9E37_79B9_7F4A_7C15) ^ Self.sample(value))
        if h == 0 { h = 1 }
        let slot = Int(truncatingIfNeeded: h >> 40) & (Self.slotCount - 1)
        let keyCount = key?.count ?? 0
        let found = entries.withUnsafeBufferPointer { table -> Bool in
            guard let table = table.baseAddress else { return false }
            let entry = table[slot]
            guard entry.hash == h, Int(entry.keyLength) == keyCount, Int(entry.valueLength) == value.count else { return false }
            return arena.withUnsafeBufferPointer { a -> Bool in
                let start = a.baseAddress! + Int(entry.offset)
                return Self.equal(start, key, keyCount) && Self.equal(start + keyCount, value, value.count)
            }
        }
        return Probe(found: found, hash: h, slot: slot)
    }

    /// Remembers the pair `probe` was looked up for.
    mutating func insert(_ probe: Probe, key: UnsafeBufferPointer<UInt8>?, value: UnsafeBufferPointer<UInt8>) {
        let keyCount = key?.count ?? 0
        if entries.isEmpty {
            entries = [Entry](repeating: Entry(), count: Self.slotCount)
            arena = [UInt8](repeating: 0, count: Self.arenaLimit)
        } else if arenaUsed + keyCount + value.count > Self.arenaLimit {
            // Full: start again (the entries' bytes are gone with the arena).
            for k in entries.indices { entries[k].hash = 0 }
            arenaUsed = 0
        }
        let offset = arenaUsed
        arena.withUnsafeMutableBufferPointer { a in
            let start = a.baseAddress! + offset
            if let key = key?.baseAddress, keyCount > 0 { start.update(from: key, count: keyCount) }
            if let bytes = value.baseAddress, value.count > 0 { (start + keyCount).update(from: bytes, count: value.count) }
        }
        arenaUsed += keyCount + value.count
        entries[probe.slot] = Entry(hash: probe.hash, offset: UInt32(offset), keyLength: UInt16(keyCount), valueLength: UInt16(value.count))
    }

    /// Whether the `n` bytes at `a` and `b` are the same: eight at a time, the last eight
    /// read overlapping the ones before (no loop over single bytes but under four).
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>?, _ n: Int) -> Bool {
        guard n > 0, let b = b?.baseAddress else { return true }
        let x = UnsafeRawPointer(a)
        let y = UnsafeRawPointer(b)
        if n >= 8 {
            var k = 0
            while k + 8 < n {
                if x.loadUnaligned(fromByteOffset: k, as: UInt64.self) != y.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
                k += 8
            }
            return x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        if n >= 4 {
            return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                && x.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == y.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        }
        for k in 0..<n where a[k] != b[k] { return false }
        return true
    }

    /// A word drawn from `p`'s first, middle and last eight bytes and its length (fewer
    /// bytes: two overlapping reads), without a loop: the memo needs its slots spread, not a
    /// hash of every byte, since a hit compares the bytes whole. Values alike but for bytes
    /// between those words share a slot: they are most often one-off values (a count in a
    /// sentence), and take each other's place instead of everyone's.
    @inline(__always)
    static func sample(_ p: UnsafeBufferPointer<UInt8>?) -> UInt64 {
        guard let p, let base = p.baseAddress, p.count > 0 else { return 0 }
        let n = p.count
        let raw = UnsafeRawPointer(base)
        let length = UInt64(n) << 56
        if n >= 8 {
            let first = raw.loadUnaligned(as: UInt64.self)
            let last = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            var word = first ^ last.rotated(29) ^ length
            if n > 16 { word ^= raw.loadUnaligned(fromByteOffset: n / 2 - 4, as: UInt64.self).rotated(47) }
            return word
        }
        if n >= 4 {
            return (UInt64(raw.loadUnaligned(as: UInt32.self)) | UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32) ^ length.rotated(5)
        }
        return UInt64(base[0]) | UInt64(base[n >> 1]) << 8 | UInt64(base[n - 1]) << 16 | length
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        let m = x.multipliedFullWidth(by: 0x9FB2_1C65_1E98_DF25)
        return m.high ^ m.low
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotated(_ k: UInt64) -> UInt64 { self << k | self >> (64 - k) }
}
