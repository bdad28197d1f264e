extension JSONObject {
    /// Keeps only the top-level members whose name is one of `keys` (compared as bytes; no
    /// allocation unless a key holds escapes). Returns whether anything was removed.
    @discardableResult
    public mutating func retainMembers(named keys: [FieldKey]) -> Bool {
        var kept: [Field] = []
        kept.reserveCapacity(fields.count)
        withBuffers { src, st in
            for f in fields {
                var keep = false
                for key in keys {
                    if key.bytes.withUnsafeBufferPointer({ Self.keyMatches(f, $0, src, st) }) {
                        keep = true
                        break
                    }
                }
                if keep { kept.append(f) }
            }
        }
        guard kept.count != fields.count else { return false }
        fields = kept
        isModified = true
        return true
    }
}
