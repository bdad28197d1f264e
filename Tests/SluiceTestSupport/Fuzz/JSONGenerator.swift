/// Generates valid JSON objects that look like log lines, written with every freedom the
/// grammar allows: whitespace anywhere between tokens, any character escaped (`\uXXXX`,
/// surrogate pairs for characters beyond the BMP, the short escapes), numbers with signs,
/// fractions and exponents, deep and empty containers, unicode keys and values.
///
/// Keys of one object are distinct unless `duplicateKeys` is set.
public struct JSONGenerator {
    public var maxDepth = 4
    public var maxMembers = 8
    public var duplicateKeys = false

    public init() {}

    static let keys = [
        "level", "event", "timestamp", "@timestamp", "ts", "logger", "message", "msg", "trace_id", "span_id",
        "traceparent", "user", "email", "model", "tokens_in", "latency_ms", "cost_usd", "tags", "attrs", "x",
        "", "k\"q", "back\\slash", "ключ", "名前", "emoji😀", "tab\tkey", "trace.id", "nul\u{0}", "a/b",
    ]
    static let words = [
        "info", "inference_completed", "gpt-4o", "alice@example.com", "retrieval", "ok", "", " ", "line\nbreak",
        "quote\"d", "back\\slash", "tab\there", "/path/to", "é", "über", "日本語", "😀", "\u{7F}", "\u{1}", "\u{1F}",
        "\u{FEFF}", "\u{2028}", "\u{FFFD}", "\u{10FFFF}", "{\"json\":\"inside\"}", "null", "true", "1.5",
    ]

    /// An object as text.
    public func object(_ rng: inout SplitMix) -> [UInt8] {
        var out: [UInt8] = []
        space(&out, &rng)
        writeObject(depth: 0, &out, &rng)
        space(&out, &rng)
        return out
    }

    func space(_ out: inout [UInt8], _ rng: inout SplitMix) {
        guard rng.chance(0.15) else { return }
        for _ in 0..<rng.int(1...3) { out.append(rng.pick([0x20, 0x09, 0x0A, 0x0D] as [UInt8])) }
    }

    func writeObject(depth: Int, _ out: inout [UInt8], _ rng: inout SplitMix) {
        out.append(UInt8(ascii: "{"))
        space(&out, &rng)
        var used = Set<String>()
        let n = rng.int(0...(depth == 0 ? maxMembers : maxMembers / 2))
        for k in 0..<n {
            var key = rng.chance(0.8) ? rng.pick(Self.keys) : text(&rng)
            if !duplicateKeys { while used.contains(key) { key += rng.string(1, from: "abcxyz_") } }
            used.insert(key)
            if k > 0 {
                out.append(UInt8(ascii: ","))
                space(&out, &rng)
            }
            writeString(key, &out, &rng)
            space(&out, &rng)
            out.append(UInt8(ascii: ":"))
            space(&out, &rng)
            writeValue(depth: depth + 1, &out, &rng)
            space(&out, &rng)
        }
        out.append(UInt8(ascii: "}"))
    }

    func writeValue(depth: Int, _ out: inout [UInt8], _ rng: inout SplitMix) {
        let nested = depth < maxDepth
        switch rng.int(0...(nested ? 9 : 6)) {
        case 0, 1, 2: writeString(rng.chance(0.5) ? rng.pick(Self.words) : text(&rng), &out, &rng)
        case 3, 4: out.append(contentsOf: Self.number(&rng).utf8)
        case 5: out.append(contentsOf: rng.pick(["true", "false"]).utf8)
        case 6: out.append(contentsOf: "null".utf8)
        case 7: writeObject(depth: depth, &out, &rng)
        default:
            out.append(UInt8(ascii: "["))
            space(&out, &rng)
            for k in 0..<rng.int(0...4) {
                if k > 0 {
                    out.append(UInt8(ascii: ","))
                    space(&out, &rng)
                }
                writeValue(depth: depth + 1, &out, &rng)
                space(&out, &rng)
            }
            out.append(UInt8(ascii: "]"))
        }
    }

    /// Random text: ASCII, Latin, CJK, emoji, controls and a few non-characters.
    public func text(_ rng: inout SplitMix) -> String {
        var s = ""
        for _ in 0..<rng.int(0...12) {
            let scalar: UInt32
            switch rng.int(0...9) {
            case 0: scalar = UInt32(rng.int(0...0x1F))
            case 1: scalar = UInt32(rng.int(0x80...0x7FF))
            case 2: scalar = UInt32(rng.int(0x800...0xD7FF))
            case 3: scalar = UInt32(rng.int(0xE000...0xFFFF))
            case 4: scalar = UInt32(rng.int(0x10000...0x10FFFF))
            default: scalar = UInt32(rng.int(0x20...0x7E))
            }
            s.unicodeScalars.append(Unicode.Scalar(scalar)!)
        }
        return s
    }

    /// A JSON number: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`, within `Double`'s range.
    public static func number(_ rng: inout SplitMix) -> String {
        var s = rng.chance(0.3) ? "-" : ""
        let intDigits = rng.chance(0.2) ? 1 : rng.int(1...(rng.chance(0.1) ? 30 : 12))
        s += intDigits == 1 && rng.chance(0.3) ? "0" : String(rng.int(1...9)) + rng.digits(intDigits - 1)
        if rng.chance(0.3) { s += "." + rng.digits(rng.int(1...17)) }
        if rng.chance(0.2) { s += rng.pick(["e", "E"]) + rng.pick(["", "+", "-"]) + String(rng.int(0...250)) }
        return s
    }

    /// Writes `s` quoted, escaping what must be and, at random, what may be.
    public func writeString(_ s: String, _ out: inout [UInt8], _ rng: inout SplitMix) {
        out.append(UInt8(ascii: "\""))
        let escapeAll = rng.chance(0.1)
        for scalar in s.unicodeScalars {
            let v = scalar.value
            let must = v < 0x20 || v == 0x22 || v == 0x5C
            if !must && !escapeAll && !rng.chance(0.05) {
                out.append(contentsOf: Array(String(scalar).utf8))
                continue
            }
            let short: [UInt32: String] = [0x22: "\\\"", 0x5C: "\\\\", 0x2F: "\\/", 0x08: "\\b", 0x0C: "\\f", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"]
            if let e = short[v], rng.chance(0.7) {
                out.append(contentsOf: e.utf8)
            } else if v > 0xFFFF {
                let u = v - 0x10000
                out.append(contentsOf: Self.u4(0xD800 + (u >> 10), &rng).utf8)
                out.append(contentsOf: Self.u4(0xDC00 + (u & 0x3FF), &rng).utf8)
            } else {
                out.append(contentsOf: Self.u4(v, &rng).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func u4(_ v: UInt32, _ rng: inout SplitMix) -> String {
        let h = String(v, radix: 16)
        let padded = String(repeating: "0", count: 4 - h.count) + h
        return "\\u" + (rng.chance(0.5) ? padded.uppercased() : padded)
    }
}
