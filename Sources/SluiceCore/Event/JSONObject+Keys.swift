extension JSONObject {
    /// Keeps only the top-level members whose name is one of `keys` (compared as bytes; no
    /// allocation unless a key holds escapes). Returns whether anything was removed.
    @discardableResult
    public mutating func retainMembers(named keys: [FieldKey]) -> Bool {
        var kept: [Field] = []
        kept.reserveCapacity(fields.count)
        var firstRemoved = fields.count
        withBuffers { src, st in
            for (i, f) in fields.enumerated() {
                var keep = false
                for key in keys {
                    if key.bytes.withUnsafeBufferPointer({ Self.keyMatches(f, $0, src, st) }) {
                        keep = true
                        break
                    }
                }
                if keep { kept.append(f) } else { firstRemoved = min(firstRemoved, i) }
            }
        }
        guard kept.count != fields.count else { return false }
        fields = kept
        isModified = true
        intactPrefix = min(intactPrefix, firstRemoved)
        return true
    }
}

/// Up to 64 keys, hashed by length and head for ``JSONObject/lastIndices(of:into:)``: a
/// member whose name is none of the keys costs one probe of a small table, most often an
/// empty slot, not a comparison per key of its length.
///
/// Why hashed: indexed by length alone, a member as long as some keys compared its head with
/// each of them: 41 instructions a member for the trace stage's 20 keys (most of an event's
/// names are 5 to 11 bytes, as most of those keys are), a third of that stage (callgrind).
public struct FieldKeySet: Sendable {
    public let keys: [FieldKey]
    /// Open addressing over ``slotCount`` slots: key index + 1, 0 for an empty slot. A key
    /// sits at ``slot(_:_:)`` of its length and head, or the next free slot after it.
    let slots: [UInt8]
    /// Each key's length.
    let lengths: [Int]
    /// Every key's bit (for an escaped member name, whose length says nothing).
    let all: UInt64
    /// Each key's ``head(_:_:)``: a member name as long as the key with another head is not
    /// the key, and one of at most eight bytes with the same head is.
    let heads: [UInt64]

    /// A quarter full at most (64 keys): probes stop at an empty slot in one or two steps.
    static let slotCount = 256

    public init(_ keys: [FieldKey]) {
        precondition(keys.count <= 64)
        self.keys = keys
        let heads = keys.map { key in key.bytes.withUnsafeBufferPointer { Self.head($0.baseAddress, $0.count) } }
        var slots = [UInt8](repeating: 0, count: Self.slotCount)
        for (i, key) in keys.enumerated() {
            var k = Self.slot(key.bytes.count, heads[i])
            while slots[k] != 0 { k = (k + 1) & (Self.slotCount - 1) }
            slots[k] = UInt8(i + 1)
        }
        self.slots = slots
        self.heads = heads
        lengths = keys.map(\.bytes.count)
        all = keys.count == 64 ? .max : (1 << UInt64(keys.count)) - 1
    }

    /// Where a name of `length` bytes with `head` starts probing.
    @inline(__always)
    static func slot(_ length: Int, _ head: UInt64) -> Int {
        Int(truncatingIfNeeded: ((head ^ UInt64(truncatingIfNeeded: length)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
    }

    /// The name's bytes as one word, all of them up to eight (in two overlapping reads from
    /// four on, three sampled below), its first eight beyond: equal names of equal length
    /// have equal heads, and up to eight bytes the converse holds too.
    @inline(__always)
    static func head(_ p: UnsafePointer<UInt8>?, _ n: Int) -> UInt64 {
        guard let p, n > 0 else { return 0 }
        let raw = UnsafeRawPointer(p)
        if n >= 8 { return raw.loadUnaligned(as: UInt64.self) }
        if n >= 4 {
            return UInt64(raw.loadUnaligned(as: UInt32.self)) | UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32
        }
        return UInt64(p[0]) | UInt64(p[n >> 1]) << 8 | UInt64(p[n - 1]) << 16
    }
}

extension JSONObject {
    /// Where each of `set`'s keys is among the top-level members: `found[i]` is the index of
    /// the last member named `set.keys[i]` (the one lookups resolve to), or -1. One pass over
    /// the members, for an output that reads several known fields of every event.
    public func lastIndices(of set: FieldKeySet, into found: inout [Int]) {
        // Reused scratch is overwritten in place (appending element by element checked the
        // array's uniqueness once per key and event).
        if found.count == set.keys.count {
            found.withUnsafeMutableBufferPointer { $0.update(repeating: -1) }
        } else {
            found = [Int](repeating: -1, count: set.keys.count)
        }
        found.withUnsafeMutableBufferPointer { found in
            lastIndices(of: set, into: found)
        }
    }

    func lastIndices(of set: FieldKeySet, into found: UnsafeMutableBufferPointer<Int>) {
        // Over raw buffers (members, slots, heads): through the arrays, the bounds checks and
        // the enumeration cost more than the probes.
        set.slots.withUnsafeBufferPointer { slots in
            set.heads.withUnsafeBufferPointer { heads in
                set.lengths.withUnsafeBufferPointer { lengths in
                    fields.withUnsafeBufferPointer { members in
                        withBuffers { src, st in
                            for index in 0..<members.count {
                                let f = members[index]
                                if f.isKeyEscaped {
                                    var candidates = set.all
                                    while candidates != 0 {
                                        let i = candidates.trailingZeroBitCount
                                        candidates &= candidates - 1
                                        if set.keys[i].bytes.withUnsafeBufferPointer({ Self.keyMatches(f, $0, src, st) }) { found[i] = index }
                                    }
                                    continue
                                }
                                let length = Int(f.keyEnd &- f.keyStart)
                                let head = FieldKeySet.head((f.isKeyInStorage ? st : src).baseAddress.map { $0 + Int(f.keyStart) }, length)
                                var k = FieldKeySet.slot(length, head)
                                while slots[k] != 0 {
                                    let i = Int(slots[k]) - 1
                                    // Same length and head: the key itself up to eight bytes.
                                    if lengths[i] == length && heads[i] == head
                                        && (length <= 8 || set.keys[i].bytes.withUnsafeBufferPointer({ Self.keyMatches(f, $0, src, st) }))
                                    {
                                        found[i] = index
                                    }
                                    k = (k + 1) & (FieldKeySet.slotCount - 1)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
