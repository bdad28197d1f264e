import Testing
@testable import SluiceCore

@Suite struct JSONScannerTests {
    func scan(_ text: String) throws(JSONScanError) -> [Field] {
        var fields: [Field] = []
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { (p) throws(JSONScanError) in try JSONScanner.scanObject(p, into: &fields) }
        return fields
    }

    func error(_ bytes: [UInt8]) -> JSONScanError? {
        var fields: [Field] = []
        do throws(JSONScanError) {
            try bytes.withUnsafeBufferPointer { (p) throws(JSONScanError) in try JSONScanner.scanObject(p, into: &fields) }
            return nil
        } catch {
            return error
        }
    }

    @Test func locatesAndTypesEveryTopLevelMember() throws {
        let fields = try scan(#"{"s":"x","n":-1.5e3,"o":{"a":[1,{"b":null}]},"a":[],"t":true,"f":false,"z":null}"#)
        #expect(fields.map(\.kind) == [.string, .number, .object, .array, .bool, .bool, .null])
    }

    @Test func whitespaceEverywhereIsAllowed() throws {
        let fields = try scan(" \t{ \"a\" : 1 ,\n \"b\" : [ 1 , 2 ] }\r\n")
        #expect(fields.count == 2)
    }

    @Test func emptyObject() throws {
        #expect(try scan("{}").isEmpty)
        #expect(try scan("{ }").isEmpty)
    }

    @Test func flagsEscapedKeysAndValues() throws {
        let fields = try scan(#"{"a\"b":"c\nd","e":"plain"}"#)
        #expect(fields[0].isKeyEscaped && fields[0].isValueEscaped)
        #expect(!fields[1].isKeyEscaped && !fields[1].isValueEscaped)
    }

    @Test(arguments: [
        ("", JSONScanError.empty),
        ("   ", .empty),
        ("[1,2]", .notAnObject),
        ("\"text\"", .notAnObject),
        ("42", .notAnObject),
        ("{\"a\":1", .truncated),
        ("{\"a\":\"abc", .truncated),
        ("{\"a\":[1,2", .truncated),
        ("{\"a\":tru", .truncated),
        ("{\"a\":", .truncated),
        ("{\"a\":1}}", .syntax(offset: 7)),
        ("{\"a\":01}", .syntax(offset: 6)),
        ("{\"a\":1.}", .syntax(offset: 7)),
        ("{\"a\":-}", .syntax(offset: 6)),
        ("{\"a\":1e}", .syntax(offset: 7)),
        ("{\"a\":12ab}", .syntax(offset: 7)),
        ("{a:1}", .syntax(offset: 1)),
        ("{\"a\":'x'}", .syntax(offset: 5)),
        ("{\"a\":1,}", .syntax(offset: 7)),
        ("{\"a\" 1}", .syntax(offset: 5)),
        ("{\"a\":\"\\x\"}", .syntax(offset: 7)),
        ("{\"a\":\"\\u12G4\"}", .syntax(offset: 10)),
        ("{\"a\":True}", .syntax(offset: 5)),
        ("Traceback (most recent call last):", .syntax(offset: 0)),
        ("{\"a\":1} trailing", .syntax(offset: 8)),
    ])
    func rejects(_ text: String, _ expected: JSONScanError) {
        #expect(error(Array(text.utf8)) == expected, "\(text)")
    }

    @Test func controlCharacterInStringIsRejected() {
        #expect(error(Array("{\"a\":\"x\ty\"}".utf8)) == .syntax(offset: 7))
    }

    @Test(arguments: [
        [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D] as [UInt8],  // 0xFF never valid
        [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D],  // overlong "/"
        [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D],  // surrogate
        [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22, 0x7D],  // > U+10FFFF
        [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D],  // bad continuation
    ])
    func rejectsInvalidUTF8(_ bytes: [UInt8]) {
        #expect(error(bytes) == .invalidUTF8)
    }

    @Test func acceptsMultiByteUTF8() throws {
        #expect(try scan(#"{"é":"日本語 🚀 ü","k":"\u00e9"}"#).count == 2)
    }

    @Test func depthIsLimited() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(error(Array("{\"a\":\(deep)}".utf8)) == .tooDeep)
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(error(Array("{\"a\":\(fine)}".utf8)) == nil)
    }

    /// The 8-byte fast path must agree with the byte loop wherever a special byte falls.
    @Test func wordScanFindsSpecialBytesAtEveryPosition() {
        for position in 0..<20 {
            for special in [UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x01, 0xC3] {
                var body = [UInt8](repeating: UInt8(ascii: "x"), count: 20)
                body[position] = special
                var line = Array("{\"k\":\"".utf8) + body + Array("\"}".utf8)
                if special == 0xC3 { line.insert(0xA9, at: 6 + position + 1) }  // é
                let result = error(line)
                switch special {
                case UInt8(ascii: "\""): #expect(result != nil)  // string ends early, then garbage
                case UInt8(ascii: "\\"):
                    // "\x" is a bad escape; at the end, "\"" escapes the closing quote instead.
                    #expect(result == (position == 19 ? .truncated : .syntax(offset: 6 + position + 1)))
                case 0x01: #expect(result == .syntax(offset: 6 + position))
                default: #expect(result == nil)
                }
            }
        }
    }

    @Test func validateValueReportsKinds() throws {
        for (text, kind) in [("1", JSONKind.number), ("\"s\"", .string), ("[]", .array), ("{}", .object), ("null", .null), ("false", .bool)] {
            let bytes = Array(text.utf8)
            #expect(try bytes.withUnsafeBufferPointer { try JSONScanner.validateValue($0) } == kind)
        }
    }
}
