extension YAMLNode {
    /// The node written on one line in YAML's flow style (`{url: "http://es:9200", batch:
    /// {max_events: 500}}`), or nil when that would be longer than `limit` bytes (an alias
    /// stands for its whole node, and aliases of aliases for a great many).
    ///
    /// What it keeps is what the node means: key order, quoting (a quoted `"3"` is text, a
    /// plain `3` a number) and explicit tags; comments, layout and anchors are gone. An
    /// output's declaration in this form tells a reload whether the output changed (Yams'
    /// emitter gave it before).
    func flowText(limit: Int) -> String? {
        var out = ""
        return write(into: &out, limit: limit) ? out : nil
    }

    /// How messages name a key: its text, or (a list or mapping as a key) its flow text.
    /// Yams gave such a key the debugger's description of its node.
    var keyName: String {
        keyText ?? flowText(limit: 200) ?? "(a key longer than 200 bytes)"
    }

    private func write(into out: inout String, limit: Int) -> Bool {
        switch self {
        case .scalar(let scalar):
            // A quoted scalar's implicit `str` is its quotes.
            if let tag = scalar.tag, !(scalar.style != .plain && tag == Self.strTag) { out += "!<\(tag)> " }
            if scalar.style == .plain && Self.isBare(scalar.string) {
                out += scalar.string
            } else {
                Self.writeQuoted(scalar.string, into: &out)
            }
        case .sequence(let list):
            if let tag = list.tag { out += "!<\(tag)> " }
            out += "["
            for (i, item) in list.items.enumerated() {
                if i > 0 { out += ", " }
                guard item.write(into: &out, limit: limit) else { return false }
            }
            out += "]"
        case .mapping(let map):
            if let tag = map.tag { out += "!<\(tag)> " }
            out += "{"
            for (i, pair) in map.pairs.enumerated() {
                if i > 0 { out += ", " }
                guard pair.key.write(into: &out, limit: limit) else { return false }
                out += ": "
                guard pair.value.write(into: &out, limit: limit) else { return false }
            }
            out += "}"
        }
        return out.utf8.count <= limit
    }

    /// Whether a plain scalar reads the same unquoted in a flow collection: letters, digits
    /// and a few harmless punctuation marks, not starting with `-` alone. The empty plain
    /// scalar (a null) is written as nothing.
    static func isBare(_ text: String) -> Bool {
        if text == "-" { return false }
        return text.utf8.allSatisfy { b in
            b &- 0x30 < 10 || (b | 0x20) &- 0x61 < 26 || b >= 0x80 && b != 0xC2 && b != 0xE2 && b != 0xEF
                || "._/-+=$~()<>^;".utf8.contains(b)
        }
    }

    /// `text` double-quoted, with `"`, `\` and control characters escaped.
    static func writeQuoted(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\x" + (hex.count == 1 ? "0" : "") + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
