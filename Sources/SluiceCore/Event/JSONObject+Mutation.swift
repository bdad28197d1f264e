extension JSONObject {
    // MARK: Setting values

    /// Sets `path` to a value whose JSON bytes `write` appends. Top-level members are
    /// repointed into storage; nested paths rebuild the enclosing top-level object.
    public mutating func set(_ path: FieldPath, kind: JSONKind, write: (inout [UInt8]) -> Void) {
        if !path.isNested || index(of: path.literal) != nil {
            setMember(path.literal, kind: kind, write: write)
            return
        }
        setNested(path.segments[...], kind: kind, write: write)
    }

    /// Sets `path` to the raw JSON value `json` (which must be valid JSON of `kind`).
    public mutating func setRaw<C: Collection<UInt8>>(_ path: FieldPath, json: C, kind: JSONKind) {
        set(path, kind: kind) { $0.append(contentsOf: json) }
    }

    /// Sets `path` to a JSON string holding `utf8` (escaped as needed).
    public mutating func setString<C: Collection<UInt8>>(_ path: FieldPath, _ utf8: C) {
        set(path, kind: .string) { JSONStringCodec.appendQuoted(utf8, to: &$0) }
    }

    /// Sets `path` to a JSON string.
    public mutating func setString(_ path: FieldPath, _ value: String) {
        setString(path, value.utf8)
    }

    /// Sets `path` to an integer.
    public mutating func setInt(_ path: FieldPath, _ value: Int64) {
        set(path, kind: .number) { $0.append(contentsOf: String(value).utf8) }
    }

    /// Sets `path` to `true` or `false`.
    public mutating func setBool(_ path: FieldPath, _ value: Bool) {
        set(path, kind: .bool) { $0.append(contentsOf: (value ? "true" : "false").utf8) }
    }

    /// Replaces the value of member `index` in place, keeping its key and position (exact even
    /// when a key repeats). `write` appends valid JSON of `kind`.
    public mutating func setValue(at index: Int, kind: JSONKind, write: (inout [UInt8]) -> Void) {
        let (valueStart, valueEnd) = appendToStorage(write)
        repoint(index, valueStart, valueEnd, kind)
    }

    /// Runs `write` on the storage; returns where what it appended starts and ends. The
    /// storage is the object's own afterwards (an append copies a shared one).
    private mutating func appendToStorage(_ write: (inout [UInt8]) -> Void) -> (Int32, Int32) {
        reserveStorage()
        let start = Int32(storage.count)
        write(&storage)
        storageIsShared = false
        return (start, Int32(storage.count))
    }

    /// ``setValue(at:kind:write:)`` with the new value's JSON whole: an object that has
    /// written nothing yet takes `json` as its storage instead of copying it (the redact
    /// stage's replacements: a copy and often an allocation less per redacted event).
    public mutating func setValue(at index: Int, kind: JSONKind, json: [UInt8]) {
        guard storage.capacity == 0 else { return setValue(at: index, kind: kind) { $0.append(contentsOf: json) } }
        storage = json
        storageIsShared = false
        repoint(index, 0, Int32(json.count), kind)
    }

    /// Points member `index` at the value of `kind` written to `storage[valueStart..<valueEnd]`.
    private mutating func repoint(_ index: Int, _ valueStart: Int32, _ valueEnd: Int32, _ kind: JSONKind) {
        isModified = true
        intactPrefix = min(intactPrefix, index)
        let escaped = kind == .string && storage[Int(valueStart)..<Int(valueEnd)].contains(UInt8(ascii: "\\"))
        fields[index].valueStart = valueStart
        fields[index].valueEnd = valueEnd
        fields[index].kind = kind
        fields[index].bits = (fields[index].bits & ~(Field.valueInStorage | Field.valueEscapedBit))
            | Field.valueInStorage | (escaped ? Field.valueEscapedBit : 0)
    }

    mutating func setMember(_ key: FieldKey, kind: JSONKind, write: (inout [UInt8]) -> Void) {
        if let i = index(of: key) {
            setValue(at: i, kind: kind, write: write)
            return
        }
        isModified = true
        let (valueStart, valueEnd) = appendToStorage(write)
        let escaped = kind == .string && storage[Int(valueStart)..<Int(valueEnd)].contains(UInt8(ascii: "\\"))
        let keyStart = Int32(storage.count)
        if key.needsEscaping {
            key.bytes.withUnsafeBufferPointer { JSONStringCodec.appendEscaped($0, to: &storage) }
        } else {
            storage.append(contentsOf: key.bytes)
        }
        let keyEnd = Int32(storage.count)
        let keyEscaped = key.needsEscaping && storage[Int(keyStart)..<Int(keyEnd)].contains(UInt8(ascii: "\\"))
        names |= MemberNameFilter.bit(key)
        fields.append(Field(
            keyStart: keyStart, keyEnd: keyEnd, valueStart: valueStart, valueEnd: valueEnd, kind: kind,
            keyEscaped: keyEscaped, valueEscaped: escaped, keyInStorage: true, valueInStorage: true))
    }

    /// The first write gets room for a few small members at once: growing from empty one
    /// member at a time took two or three reallocations per event (a stage adding
    /// `sample_rate: 1`, a `trace_missing` flag).
    @inline(__always)
    mutating func reserveStorage() {
        if storage.capacity == 0 { storage.reserveCapacity(Self.initialStorage) }
    }

    static let initialStorage = 96

    mutating func setNested(_ segments: ArraySlice<FieldKey>, kind: JSONKind, write: (inout [UInt8]) -> Void) {
        guard segments.count > 1 else {
            setMember(segments.first!, kind: kind, write: write)
            return
        }
        var child = childObject(segments.first!) ?? JSONObject()
        child.setNested(segments.dropFirst(), kind: kind, write: write)
        setMember(segments.first!, kind: .object) { child.serialize(into: &$0) }
    }

    /// The member `key` parsed as an object, when it is one.
    func childObject(_ key: FieldKey) -> JSONObject? {
        guard let i = index(of: key), fields[i].kind == .object else { return nil }
        let bytes = withValue(at: i) { _, raw in ArraySlice(raw) }
        return try? JSONObject(parsing: bytes)
    }

    // MARK: Removing and renaming

    /// Removes the value at `path` (every member with that name at its level). Returns
    /// whether anything was removed.
    @discardableResult
    public mutating func remove(_ path: FieldPath) -> Bool {
        if !path.isNested || index(of: path.literal) != nil {
            return removeMembers(path.literal)
        }
        return removeNested(path.segments[...])
    }

    mutating func removeMembers(_ key: FieldKey) -> Bool {
        var removed = false
        while let i = index(of: key) {
            fields.remove(at: i)
            intactPrefix = min(intactPrefix, i)
            removed = true
        }
        if removed { isModified = true }
        return removed
    }

    mutating func removeNested(_ segments: ArraySlice<FieldKey>) -> Bool {
        guard segments.count > 1 else { return removeMembers(segments.first!) }
        guard var child = childObject(segments.first!) else { return false }
        guard child.removeNested(segments.dropFirst()) else { return false }
        setMember(segments.first!, kind: .object) { child.serialize(into: &$0) }
        return true
    }

    /// Moves the value at `from` to `to` (replacing what was there). Returns false when
    /// `from` does not exist.
    @discardableResult
    public mutating func rename(_ from: FieldPath, to: FieldPath) -> Bool {
        guard let (kind, bytes) = withValue(from, { kind, raw in (kind, Array(raw)) }) else { return false }
        remove(from)
        setRaw(to, json: bytes, kind: kind)
        return true
    }

    /// Keeps only the top-level members for which `keep` returns true.
    public mutating func retainMembers(where keep: (Int) -> Bool) {
        var kept: [Field] = []
        kept.reserveCapacity(fields.count)
        var firstRemoved: Int?
        for i in fields.indices {
            if keep(i) { kept.append(fields[i]) } else if firstRemoved == nil { firstRemoved = i }
        }
        if let firstRemoved {
            fields = kept
            isModified = true
            intactPrefix = min(intactPrefix, firstRemoved)
        }
    }

    // MARK: Serialising

    /// Appends the object as compact JSON. Untouched members are copied byte for byte
    /// (key order, number spelling and escapes kept); an unmodified object is its source.
    public func serialize(into out: inout [UInt8]) {
        withBuffers { src, st in
            if !isModified {
                out.append(contentsOf: Self.trimmed(src))
                return
            }
            var first = 0
            if intactPrefix > 0 {
                // The untouched leading members, as they were: from `{` to the end of the last one.
                let start = Self.trimmed(src).baseAddress.map { src.baseAddress!.distance(to: $0) } ?? 0
                out.append(contentsOf: UnsafeBufferPointer(rebasing: src[start..<Int(fields[intactPrefix - 1].valueEnd)]))
                first = intactPrefix
            } else {
                out.append(UInt8(ascii: "{"))
            }
            for n in first..<fields.count {
                let f = fields[n]
                let key = Self.keyBytes(f, src, st)
                let value = Self.valueBytes(f, src, st)
                // A small member (a stage's `sample_rate: 1`, a flag) is put together on the
                // stack and appended once: six appends, each checking the array, cost about
                // as much as copying the untouched members before it (callgrind, the
                // Elasticsearch output).
                let size = key.count + value.count + 4
                if size <= Self.smallMember, let k = key.baseAddress, let v = value.baseAddress {
                    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { buffer in
                        let p = buffer.baseAddress!
                        var at = 0
                        if n > 0 {
                            p[0] = UInt8(ascii: ",")
                            at = 1
                        }
                        p[at] = UInt8(ascii: "\"")
                        (p + at + 1).update(from: k, count: key.count)
                        at += 1 + key.count
                        p[at] = UInt8(ascii: "\"")
                        p[at + 1] = UInt8(ascii: ":")
                        (p + at + 2).update(from: v, count: value.count)
                        out.append(contentsOf: UnsafeBufferPointer(start: p, count: at + 2 + value.count))
                    }
                    continue
                }
                if n > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\""))
                out.append(contentsOf: key)
                out.append(UInt8(ascii: "\""))
                out.append(UInt8(ascii: ":"))
                out.append(contentsOf: value)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Members up to this many bytes as written (key, value and punctuation) are put together
    /// on the stack by ``serialize(into:)``.
    static let smallMember = 256

    /// The object as compact JSON bytes.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        serialize(into: &out)
        return out
    }

    static func trimmed(_ p: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0
        var hi = p.count
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        while lo < hi && isSpace(p[lo]) { lo += 1 }
        while hi > lo && isSpace(p[hi - 1]) { hi -= 1 }
        return UnsafeBufferPointer(rebasing: p[lo..<hi])
    }
}
