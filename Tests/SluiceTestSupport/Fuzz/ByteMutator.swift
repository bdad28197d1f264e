/// Byte-level mutations of a valid input, as libFuzzer's default mutators do: cut it, flip
/// bits, put in bytes that mean something to a JSON or text parser, control characters,
/// invalid UTF-8, or pieces of another input.
public enum ByteMutator {
    /// Bytes that change the meaning of JSON and of most text formats.
    static let interesting: [UInt8] = Array(#"{}[]":,\-+.eE0 19tfnu/"#.utf8) + [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xF5, 0xFF]
    /// Sequences that are not UTF-8: lone continuation, overlong, surrogate, beyond U+10FFFF, cut.
    static let invalidUTF8: [[UInt8]] = [[0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xFF]]
    /// Tokens that are valid somewhere in JSON.
    static let tokens: [String] = [#"\u0000"#, #"\ud83d\ude00"#, #"\ud800"#, #"\udc00"#, #"\""#, #"\\"#, "null", "true", "-0", "1e308", "1E400", "[]", "{}", #""":"#, ",", "\u{FEFF}", "é", "😀"]

    /// Applies one to `maxSteps` random mutations to `input`; `other` supplies splices.
    public static func mutate(_ input: [UInt8], other: [UInt8] = [], maxSteps: Int = 4, rng: inout SplitMix) -> [UInt8] {
        var b = input
        for _ in 0..<rng.int(1...maxSteps) { step(&b, other: other, rng: &rng) }
        return b
    }

    static func step(_ b: inout [UInt8], other: [UInt8], rng: inout SplitMix) {
        let pos = b.isEmpty ? 0 : rng.int(0...b.count)
        switch rng.int(0...9) {
        case 0:  // truncate
            b.removeLast(b.count - pos)
        case 1 where !b.isEmpty:  // flip one bit
            let k = rng.int(0...(b.count - 1))
            b[k] ^= 1 << UInt8(rng.int(0...7))
        case 2 where !b.isEmpty:  // replace a byte with an interesting one
            b[rng.int(0...(b.count - 1))] = rng.pick(interesting)
        case 3:  // insert a control character
            b.insert(UInt8(rng.int(0...0x1F)), at: pos)
        case 4:  // insert invalid UTF-8
            b.insert(contentsOf: rng.pick(invalidUTF8), at: pos)
        case 5 where !b.isEmpty:  // delete a range
            let end = min(b.count, pos + rng.int(1...8))
            if pos < end { b.removeSubrange(pos..<end) }
        case 6 where !b.isEmpty:  // duplicate a range
            let start = rng.int(0...(b.count - 1))
            let piece = b[start..<min(b.count, start + rng.int(1...16))]
            b.insert(contentsOf: Array(piece), at: pos)
        case 7:  // insert a JSON token
            b.insert(contentsOf: Array(rng.pick(tokens).utf8), at: pos)
        case 8 where !other.isEmpty:  // splice a piece of another input
            let start = rng.int(0...(other.count - 1))
            b.insert(contentsOf: other[start..<min(other.count, start + rng.int(1...24))], at: pos)
        default:  // insert a random byte
            b.insert(UInt8.random(in: 0...255, using: &rng), at: pos)
        }
    }
}
