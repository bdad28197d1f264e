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

/// Up to 64 keys, indexed by length for ``JSONObject/lastIndices(of:into:)``: a member whose
/// name is as long as none of the keys costs one table lookup, not a comparison per key.
public struct FieldKeySet: Sendable {
    public let keys: [FieldKey]
    /// Bit `i` of `byLength[n]` is set when `keys[i]` is `n` bytes long (the last slot holds
    /// every key of 64 bytes or more).
    let byLength: [UInt64]
    /// Every key's bit (for an escaped member name, whose length says nothing).
    let all: UInt64
    /// Each key's ``head(_:_:)``: a member name as long as the key with another head is not
    /// the key, and one of at most eight bytes with the same head is.
    let heads: [UInt64]

    public init(_ keys: [FieldKey]) {
        precondition(keys.count <= 64)
        self.keys = keys
        var table = [UInt64](repeating: 0, count: 65)
        for (i, key) in keys.enumerated() { table[min(key.bytes.count, 64)] |= 1 << UInt64(i) }
        byLength = table
        all = keys.count == 64 ? .max : (1 << UInt64(keys.count)) - 1
        heads = keys.map { key in key.bytes.withUnsafeBufferPointer { Self.head($0.baseAddress, $0.count) } }
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
        // Over raw buffers (members, tables, heads): through the arrays, the bounds checks and
        // the enumeration cost 45 instructions a member (callgrind, the trace stage).
        set.byLength.withUnsafeBufferPointer { table in
            set.heads.withUnsafeBufferPointer { heads in
                fields.withUnsafeBufferPointer { members in
                    withBuffers { src, st in
                        for index in 0..<members.count {
                            let f = members[index]
                            let length = Int(f.keyEnd &- f.keyStart)
                            if f.isKeyEscaped {
                                var candidates = set.all
                                while candidates != 0 {
                                    let i = candidates.trailingZeroBitCount
                                    candidates &= candidates - 1
                                    if set.keys[i].bytes.withUnsafeBufferPointer({ Self.keyMatches(f, $0, src, st) }) { found[i] = index }
                                }
                                continue
                            }
                            var candidates = table[length < 64 ? length : 64]
                            guard candidates != 0 else { continue }
                            // Same length: the heads tell most keys apart, and short ones for good.
                            let head = FieldKeySet.head((f.isKeyInStorage ? st : src).baseAddress.map { $0 + Int(f.keyStart) }, length)
                            while candidates != 0 {
                                let i = candidates.trailingZeroBitCount
                                candidates &= candidates - 1
                                guard heads[i] == head else { continue }
                                if length <= 8 || set.keys[i].bytes.withUnsafeBufferPointer({ Self.keyMatches(f, $0, src, st) }) { found[i] = index }
                            }
                        }
                    }
                }
            }
        }
    }
}
