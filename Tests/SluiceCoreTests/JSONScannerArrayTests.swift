import Testing
@testable import SluiceCore

@Suite struct JSONScannerArrayTests {
    func elements(_ text: String) throws(JSONScanError) -> [String] {
        var out: [String] = []
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { (p) throws(JSONScanError) in
            try JSONScanner.forEachElement(ofArray: p) { kind, raw in
                out.append("\(kind):" + String(decoding: raw, as: UTF8.self))
            }
        }
        return out
    }

    @Test func yieldsEachElementWithItsKindAndRawBytes() throws {
        #expect(try elements(#" [ {"a":[1,2]} , "s\"" ,-1.5e3,true,null,[] ] "#) == [
            #"object:{"a":[1,2]}"#, #"string:"s\"""#, "number:-1.5e3", "bool:true", "null:null", "array:[]",
        ])
        #expect(try elements("[]").isEmpty)
        #expect(try elements("[ \n ]").isEmpty)
    }

    @Test(arguments: [
        ("", JSONScanError.empty), ("  ", .empty), ("{}", .syntax(offset: 0)), ("[1,", .truncated),
        ("[1 2]", .syntax(offset: 3)), ("[1,]", .syntax(offset: 3)), ("[1] x", .syntax(offset: 4)), ("[", .truncated),
    ])
    func rejectsWhatIsNotOneArray(text: String, expected: JSONScanError) {
        #expect(throws: expected) { try elements(text) }
    }
}
