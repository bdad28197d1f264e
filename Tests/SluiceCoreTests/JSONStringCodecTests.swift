import Foundation
import SluiceTestSupport
import Testing
@testable import SluiceCore

@Suite struct JSONStringCodecTests {
    func quoted(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        JSONStringCodec.appendQuoted(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Byte by byte, as the codec was before it looked at eight bytes at a time.
    static func referenceEscaped(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b >= 0x80 {
                let n = bytes.withUnsafeBufferPointer { JSONStringCodec.validSequenceLength($0.baseAddress!, i, bytes.count) }
                if n > 0 {
                    out += bytes[i..<(i + n)]
                    i += n
                } else {
                    out += [0xEF, 0xBF, 0xBD]
                    i += 1
                }
                continue
            }
            switch b {
            case 0x22: out += Array(#"\""#.utf8)
            case 0x5C: out += Array(#"\\"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0..<0x20: out += Array(String(format: "\\u%04x", Int(b)).utf8)
            default: out.append(b)
            }
            i += 1
        }
        return out
    }

    /// Every byte value, in runs long and short, at every alignment: the same as byte by byte
    /// (and the decode gives the bytes back when they were valid UTF-8).
    @Test func escapingEightBytesAtATimeChangesNothing() {
        var rng = SplitMix(seed: 0x5EA_8B17E)
        let alphabet: [UInt8] = Array(0...255)
        for round in 0..<3000 {
            let length = Int.random(in: 0...64, using: &rng)
            // Mostly plain text, with the bytes that need a look sprinkled in.
            let bytes: [UInt8] = (0..<length).map { _ in
                Int.random(in: 0..<8, using: &rng) == 0 ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0x20...0x7E, using: &rng)
            }
            var out: [UInt8] = []
            bytes.withUnsafeBufferPointer { JSONStringCodec.appendEscaped($0, to: &out) }
            #expect(out == Self.referenceEscaped(bytes), "round \(round): \(bytes)")
            if String(validating: bytes, as: UTF8.self) != nil {
                var back: [UInt8] = []
                out.withUnsafeBufferPointer { JSONStringCodec.decode($0, into: &back) }
                #expect(back == bytes, "round \(round): \(bytes)")
            }
        }
    }

    @Test func escapesWhatJSONRequires() {
        #expect(quoted(Array("a\"b\\c\nd\re\tf\u{08}\u{0C}\u{01}".utf8)) == #""a\"b\\c\nd\re\tf\b\f\u0001""#)
    }

    @Test func keepsValidUTF8AndReplacesInvalidBytes() {
        #expect(quoted(Array("é🚀".utf8)) == "\"é🚀\"")
        #expect(quoted([0x61, 0xFF, 0x62, 0xC3]) == "\"a\u{FFFD}b\u{FFFD}\"")
    }

    @Test func decodesEscapesAndSurrogatePairs() {
        let body = Array(#"a\"\\\/\n\u00e9\ud83d\ude80\ud800x"#.utf8)
        var out: [UInt8] = []
        body.withUnsafeBufferPointer { JSONStringCodec.decode($0, into: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "a\"\\/\né🚀\u{FFFD}x")
    }

    @Test func roundTripsThroughTheScanner() throws {
        let original = "line1\nline2 \"quoted\" \\ tab\t é \u{1F}"
        var out: [UInt8] = Array("{\"k\":".utf8)
        JSONStringCodec.appendQuoted(Array(original.utf8), to: &out)
        out.append(UInt8(ascii: "}"))
        let object = try JSONObject(parsing: ArraySlice(out))
        #expect(object.string(FieldPath(key: "k")) == original)
    }
}
