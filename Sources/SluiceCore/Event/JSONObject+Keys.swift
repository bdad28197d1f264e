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

extension JSONObject {
    /// Which of `keys` (at most 64) name a top-level member: bit `i` is set when `keys[i]`
    /// does. One pass over the members, comparing lengths first; lets a stage that knows many
    /// candidate fields skip the lookups of absent ones.
    public func presentKeys(_ keys: [FieldKey]) -> UInt64 {
        precondition(keys.count <= 64)
        var mask: UInt64 = 0
        withBuffers { src, st in
            for f in fields {
                let length = Int(f.keyEnd - f.keyStart)
                for (i, key) in keys.enumerated() where mask & (1 << UInt64(i)) == 0 {
                    guard f.isKeyEscaped || key.bytes.count == length else { continue }
                    if key.bytes.withUnsafeBufferPointer({ Self.keyMatches(f, $0, src, st) }) {
                        mask |= 1 << UInt64(i)
                    }
                }
            }
        }
        return mask
    }
}
