import Testing
@testable import SluiceCore

@Suite struct JSONStringCodecTests {
    func quoted(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        JSONStringCodec.appendQuoted(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
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
