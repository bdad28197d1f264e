/// Checks on a pipeline file's bytes made before it is parsed as YAML, and positions in them.
enum PipelineText {
    /// The byte offset of the first alias (`*name`) used in a mapping key, also inside a
    /// complex key (`? [*a, *b]`). An alias stands for its anchor's whole node, and ten aliases
    /// of a list of ten aliases of … ("billion laughs") stand for billions of values. The YAML
    /// library hashes every mapping key to find duplicates, so such a key would make the load
    /// run for ever; as values, aliases cost nothing (nodes are shared, not copied).
    ///
    /// Found by parsing the text once with every alias turned into a plain word (same length,
    /// so positions stay), and looking for those words inside keys. Files without an anchor
    /// (`&name`) or an alias skip this.
    static func aliasInKey(_ bytes: [UInt8]) -> Int? {
        var masked = bytes
        var anchors = false
        // Where each `*` was, by the line and column the parser's marks give.
        var at: [Int: Int] = [:]
        var line = 1, column = 1
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        for i in start..<bytes.count {
            let b = bytes[i]
            if i + 1 < bytes.count && isNameByte(bytes[i + 1]) {
                if b == UInt8(ascii: "&") { anchors = true }
                if b == UInt8(ascii: "*") {
                    at[line << 24 | column] = i
                    masked[i] = UInt8(ascii: "x")
                }
            }
            if b == 0x0A || (b == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A)) {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 && b != 0x0D {
                column += 1
            }
        }
        guard anchors, !at.isEmpty else { return nil }
        // A text the real parse rejects is reported by it.
        guard let root = try? YAMLComposer.compose(masked) else { return nil }
        func aliasIn(_ node: YAMLNode) -> Int? {
            switch node {
            case .scalar(let scalar):
                guard scalar.style == .plain else { return nil }
                return at[scalar.mark.line << 24 | scalar.mark.column]
            case .sequence(let list):
                for item in list.items { if let hit = aliasIn(item) { return hit } }
                return nil
            case .mapping(let map):
                for (key, value) in map.pairs {
                    if let hit = aliasIn(key) ?? aliasIn(value) { return hit }
                }
                return nil
            }
        }
        func aliasInAnyKey(_ node: YAMLNode) -> Int? {
            switch node {
            case .sequence(let list):
                for item in list.items { if let hit = aliasInAnyKey(item) { return hit } }
            case .mapping(let map):
                for (key, value) in map.pairs {
                    if let hit = aliasIn(key) ?? aliasInAnyKey(value) { return hit }
                }
            case .scalar:
                break
            }
            return nil
        }
        return aliasInAnyKey(root)
    }

    /// Whether `b` may be in an anchor or alias name (libyaml's anchor characters).
    static func isNameByte(_ b: UInt8) -> Bool {
        b &- 0x30 < 10 || (b | 0x20) &- 0x61 < 26 || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    /// The name of the alias whose `*` is at `offset`.
    static func aliasName(at offset: Int, in bytes: [UInt8]) -> String {
        String(decoding: bytes[(offset + 1)...].prefix(while: isNameByte), as: UTF8.self)
    }

    /// The offset of the first byte that does not begin a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { p -> Int? in
            guard let base = p.baseAddress else { return nil }
            var i = 0
            while i < p.count {
                if base[i] < 0x80 {
                    i += 1
                    continue
                }
                let n = JSONStringCodec.validSequenceLength(base, i, p.count)
                if n == 0 { return i }
                i += n
            }
            return nil
        }
    }

    /// The 1-based line and column (in Unicode scalars, as libyaml's marks count; `\r\n`, `\n`
    /// and `\r` end a line) of the byte at `offset`, which follows only well-formed UTF-8.
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        // A leading byte-order mark is no character to the parser.
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? min(3, offset) : 0
        for k in start..<offset {
            let b = bytes[k]
            if b == 0x0A || (b == 0x0D && (k + 1 >= bytes.count || bytes[k + 1] != 0x0A)) {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 && b != 0x0D {
                column += 1
            }
        }
        return (line, column)
    }
}
