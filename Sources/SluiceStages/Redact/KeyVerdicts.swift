/// What the redact stage decides from a member's key alone, remembered per key for one batch:
/// whether the value is masked whole (``SensitiveKeys/matches(_:)``), whether it is read as
/// cookies (``CookieDetector/isCookieKey(_:)``) and what personal data it names
/// (``PersonalKeys/role(_:)``). All are functions of the key's bytes only, so a remembered
/// verdict is the verdict.
///
/// Why: the events of a stream repeat the same few dozen keys, and every member of every
/// event needs both answers. Working them out each time (bucket scans whose length and exit
/// change from key to key, so branches the processor mispredicts) cost 0.05 s per million
/// lines in `sluice-bench --mode stages` (redact cost 0.52 → 0.47 with this table); a lookup
/// here is one hash and three compares that almost always hold.
///
/// Keys of 1 to 16 bytes are remembered, each identified exactly by its length and its first
/// and last eight bytes (four, or all of them, when shorter), in an open-addressed table of
/// 64 slots (a key whose slot is taken goes to the next free one). When it is three-quarters
/// full it is emptied and filled again. Longer keys are always worked out.
struct KeyVerdicts {
    /// The verdicts on one key.
    struct Verdict: OptionSet {
        let rawValue: UInt8
        /// The key is sensitive: its value is masked whole.
        static let sensitive = Verdict(rawValue: 1)
        /// The key names cookies: its value is read as cookie text or a cookie jar.
        static let cookie = Verdict(rawValue: 2)

        /// What personal data the key names, in bits 4–6.
        var personalRole: PersonalKeys.Role { PersonalKeys.Role(rawValue: rawValue >> 4) ?? .none }

        init(rawValue: UInt8) { self.rawValue = rawValue }
        init(_ verdict: Verdict, personalRole: PersonalKeys.Role) { rawValue = verdict.rawValue | personalRole.rawValue << 4 }
    }

    private struct Slot {
        var head: UInt64 = 0
        var tail: UInt64 = 0
        /// The key's length; 0 for an empty slot.
        var length: Int = 0
        var verdict = Verdict()
    }

    static let slotCount = 64
    private var slots = [Slot](repeating: Slot(), count: KeyVerdicts.slotCount)
    /// Slots in use.
    private var used = 0
    let keys: SensitiveKeys

    init(keys: SensitiveKeys) {
        self.keys = keys
    }

    /// The verdicts on `key` (decoded bytes).
    @inline(__always)
    mutating func verdict(_ key: UnsafeBufferPointer<UInt8>) -> Verdict {
        let n = key.count
        guard n > 0, n <= 16, let base = key.baseAddress else { return Self.judge(key, keys) }
        let (head, tail) = Self.words(UnsafeRawPointer(base), n)
        var index = Int(truncatingIfNeeded: ((head &* 0x9E37_79B9_7F4A_7C15) ^ (tail &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(n)) >> 58)
        while true {
            let slot = slots[index]
            if slot.length == n && slot.head == head && slot.tail == tail { return slot.verdict }
            if slot.length == 0 { break }
            index = (index + 1) & (Self.slotCount - 1)
        }
        return remember(key, head, tail, at: index)
    }

    /// Works out the verdicts on `key` and puts them in the free slot `index`.
    @inline(never)
    private mutating func remember(_ key: UnsafeBufferPointer<UInt8>, _ head: UInt64, _ tail: UInt64, at index: Int) -> Verdict {
        let verdict = Self.judge(key, keys)
        if used >= Self.slotCount * 3 / 4 {
            // Full enough that probes get long: start again (the next keys fill it anew).
            for k in slots.indices { slots[k] = Slot() }
            used = 0
            return verdict
        }
        slots[index] = Slot(head: head, tail: tail, length: key.count, verdict: verdict)
        used += 1
        return verdict
    }

    /// The first and last eight bytes of a key of 8–16 bytes, the first and last four of one
    /// of 4–7 bytes, all of a shorter one: with the length, the key exactly.
    @inline(__always)
    private static func words(_ p: UnsafeRawPointer, _ n: Int) -> (UInt64, UInt64) {
        if n >= 8 { return (p.loadUnaligned(as: UInt64.self), p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) }
        if n >= 4 {
            return (UInt64(p.loadUnaligned(as: UInt32.self)), UInt64(p.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)))
        }
        var w: UInt64 = 0
        for k in 0..<n { w = w << 8 | UInt64(p.load(fromByteOffset: k, as: UInt8.self)) }
        return (w, 0)
    }

    /// The verdicts worked out.
    private static func judge(_ key: UnsafeBufferPointer<UInt8>, _ keys: SensitiveKeys) -> Verdict {
        var verdict = Verdict()
        if keys.matches(key) { verdict.insert(.sensitive) }
        if CookieDetector.isCookieKey(key) { verdict.insert(.cookie) }
        let role = PersonalKeys.mayHaveRole(key, gate: PersonalKeys.gate) ? PersonalKeys.role(key) : .none
        return Verdict(verdict, personalRole: role)
    }
}
