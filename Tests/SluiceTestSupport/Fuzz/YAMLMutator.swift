/// Mutations of a YAML file that keep some of its structure, as hand edits and broken
/// deployments do: lines deleted, duplicated, swapped or re-indented, values of the wrong
/// type, unknown keys, near-miss key names, huge numbers, anchors and aliases, document
/// markers, CRLF, a byte-order mark, truncation, and the byte-level mutations of
/// ``ByteMutator`` (bit flips, control characters, invalid UTF-8) on one line.
public enum YAMLMutator {
    /// Values that are the wrong type, out of range or not YAML, for any key.
    public static let values = [
        "[1, 2]", "{a: 1}", "null", "~", "", "-1", "0", "1e400", "-1e400", "99999999999999999999999999", "9223372036854775808",
        "0.0000000000000000000001", "true", "no", "''", "\"\"", "[]", "{}", "!!binary aGVsbG8=", "!!int x", "!custom x",
        "*undefined", "&anchor x", "|", ">-", "\"${UNSET_VAR}\"", "${BROKEN", "${A:-${B}}", "\"\\u0000\"", "\"\\x\"", "0x1F",
        "1_000_000", "-.inf", ".nan", "2026-11-24", "'unterminated", "[unclosed", "{a: [b, {c: d}]}", "'é日本😀'", "? complex",
        "- item", "\"a\\\"b\"", "@reserved", "`backtick", "%directive", "512QiB", "5 fortnights", "-5s", "0ms",
    ]

    /// Keys that no mapping of a pipeline knows, and near misses of ones they do.
    public static let keys = ["colour", "detecors", "includ", "typ", "outputs", "stages", "when", "type", "tests", "rate", "url", "index", "<<", "? x", "\"quoted key\"", "日本", "0", "null", "true"]

    /// Applies one to `maxSteps` mutations to `input`; `other` supplies lines to splice in.
    public static func mutate(_ input: [UInt8], other: [UInt8] = [], maxSteps: Int = 3, rng: inout SplitMix) -> [UInt8] {
        var lines = input.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        let otherLines = other.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        var whole: [UInt8]?
        for _ in 0..<rng.int(1...maxSteps) {
            if lines.isEmpty { lines = [[]] }
            let k = rng.int(0...(lines.count - 1))
            let indent = lines[k].prefix { $0 == 0x20 }.count
            switch rng.int(0...15) {
            case 0: lines.remove(at: k)
            case 1: lines.insert(lines[k], at: rng.int(0...lines.count))
            case 2: lines.swapAt(k, rng.int(0...(lines.count - 1)))
            case 3:  // re-indent: more, less, or a tab
                let body = Array(lines[k].dropFirst(indent))
                switch rng.int(0...2) {
                case 0: lines[k] = [UInt8](repeating: 0x20, count: indent + rng.int(1...4)) + body
                case 1: lines[k] = [UInt8](repeating: 0x20, count: max(0, indent - rng.int(1...4))) + body
                default: lines[k] = [0x09] + body
                }
            case 4, 5:  // a value of the wrong type
                if let colon = lines[k].firstIndex(of: UInt8(ascii: ":")) {
                    lines[k] = Array(lines[k][...colon]) + [0x20] + Array(rng.pick(values).utf8)
                }
            case 6:  // an unknown key next to a known one
                let key = rng.pick(keys)
                lines.insert([UInt8](repeating: 0x20, count: indent) + Array("\(key): \(rng.pick(values))".utf8), at: k)
            case 7:  // a near miss: one letter of a key dropped or doubled
                if let colon = lines[k].firstIndex(of: UInt8(ascii: ":")), colon > indent + 1 {
                    let at = rng.int(indent...(colon - 1))
                    if rng.chance(0.5) { lines[k].remove(at: at) } else { lines[k].insert(lines[k][at], at: at) }
                }
            case 8:  // bytes: flips, control characters, invalid UTF-8
                lines[k] = ByteMutator.mutate(lines[k], other: rng.pick(otherLines.isEmpty ? [[]] : otherLines), maxSteps: 2, rng: &rng)
            case 9:  // a number made huge, negative or zero
                if let d = lines[k].firstIndex(where: { $0 &- 0x30 < 10 }) {
                    let end = lines[k][d...].firstIndex { $0 &- 0x30 >= 10 && $0 != UInt8(ascii: ".") } ?? lines[k].count
                    lines[k].replaceSubrange(d..<end, with: Array(rng.pick(["99999999999999999999999", "1e400", "-1", "0", "0.5", "4294967296"]).utf8))
                }
            case 10: if !otherLines.isEmpty { lines.insert(rng.pick(otherLines), at: k) }
            case 11:  // anchors and aliases
                if let colon = lines[k].firstIndex(of: UInt8(ascii: ":")) {
                    lines[k].insert(contentsOf: Array(" &a".utf8), at: colon + 1)
                    let j = rng.int(0...(lines.count - 1))
                    if let c2 = lines[j].firstIndex(of: UInt8(ascii: ":")) { lines[j] = Array(lines[j][...c2]) + Array(" *a".utf8) }
                }
            case 12:  // document markers
                lines.insert(Array(rng.pick(["---", "...", "--- !!map", "%YAML 1.2", "%TAG ! tag:x,2000:"]).utf8), at: k)
            case 13:  // line endings, byte-order mark, a long line
                switch rng.int(0...2) {
                case 0: lines = lines.map { $0 + [0x0D] }
                case 1: lines[0] = [0xEF, 0xBB, 0xBF] + lines[0]
                default: lines[k] += [UInt8](repeating: UInt8(ascii: "x"), count: rng.int(1_000...20_000))
                }
            case 14:  // truncation (the rest of the steps act on what is left)
                var joined = Array(lines.joined(separator: [0x0A]))
                joined.removeLast(joined.count - rng.int(0...joined.count))
                lines = joined.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
            default:  // nothing or next to nothing
                whole = Array(rng.pick(["", "\n", "   ", "# only a comment\n", "---\n", "~", "[]", "{}", "- a\n- b", "\u{FEFF}", "sources:"]).utf8)
            }
        }
        return whole ?? Array(lines.joined(separator: [0x0A]))
    }
}
