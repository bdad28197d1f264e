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

    public init(_ keys: [FieldKey]) {
        precondition(keys.count <= 64)
        self.keys = keys
        var table = [UInt64](repeating: 0, count: 65)
        for (i, key) in keys.enumerated() { table[min(key.bytes.count, 64)] |= 1 << UInt64(i) }
        byLength = table
        all = keys.count == 64 ? .max : (1 << UInt64(keys.count)) - 1
    }
}

extension JSONObject {
    /// Where each of `set`'s keys is among the top-level members: `found[i]` is the index of
    /// the last member named `set.keys[i]` (the one lookups resolve to), or -1. One pass over
    /// the members, for an output that reads several known fields of every event.
    public func lastIndices(of set: FieldKeySet, into found: inout [Int]) {
        found.removeAll(keepingCapacity: true)
        found.append(contentsOf: repeatElement(-1, count: set.keys.count))
        set.byLength.withUnsafeBufferPointer { table in
            withBuffers { src, st in
                for (index, f) in fields.enumerated() {
                    var candidates = f.isKeyEscaped ? set.all : table[min(Int(f.keyEnd - f.keyStart), 64)]
                    while candidates != 0 {
                        let i = candidates.trailingZeroBitCount
                        candidates &= candidates - 1
                        if set.keys[i].bytes.withUnsafeBufferPointer({ Self.keyMatches(f, $0, src, st) }) { found[i] = index }
                    }
                }
            }
        }
    }
}
