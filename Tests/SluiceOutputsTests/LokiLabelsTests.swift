import SluiceCore
import Testing
@testable import SluiceOutputs

/// Label set validation: Loki's name rules and limits.
@Suite struct LokiLabelsTests {
    static let invalid: [([(String, String)], String)] = [
        ([("bad-name", "x")], "bad-name: not a valid Loki label name"),
        ([("1abc", "x")], "1abc: not a valid Loki label name"),
        ([("", "x")], "not a valid Loki label name"),
        ([("__name", "x")], "__name: names starting with __ are reserved"),
        ([("sluice_overflow", "x")], "sluice_overflow: label name used twice or reserved"),
        ([("level", "x%{[level]}")], "level: a value is either static text or one field reference"),
        ([("level", "%{[level]")], "level: a value is either static text or one field reference"),
        ([("level", "%{}")], "level: a value is either static text or one field reference"),
        ([("level", "")], "level: a static value must not be empty"),
        ([], "give at least one label"),
        ((0..<16).map { ("l\($0)", "%{f\($0)}") }, "16 labels; Loki allows at most 15"),
        ((0..<15).map { ("l\($0)", "v") }, "15 static labels leave no room"),
    ]

    @Test(arguments: invalid.indices)
    func rejects(_ index: Int) {
        let (pairs, message) = Self.invalid[index]
        #expect {
            _ = try LokiLabels(pairs.map { (name: $0.0, value: $0.1) })
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }

    @Test func acceptsFifteenWithAFieldAndParsesReferences() throws {
        var pairs = (0..<14).map { (name: "l\($0)", value: "v") }
        pairs.append((name: "_Level9", value: "%{[a][b]}"))
        let labels = try LokiLabels(pairs)
        #expect(labels.labels.count == 15 && labels.staticCount == 14)
        #expect(labels.labels.last?.source == .field(FieldPath("[a][b]")!))
        #expect(labels.fieldPaths == [FieldPath("a.b")!])
    }

    @Test func streamKeyDistinguishesMissingFromEmptyAndBoundaries() throws {
        let labels = try LokiLabels([(name: "a", value: "%{a}"), (name: "b", value: "%{b}")])
        func key(_ json: String) throws -> [UInt8] {
            var k: [UInt8] = []
            labels.appendStreamKey(of: try LokiTestSupport.event(json, at: 0), to: &k)
            return k
        }
        #expect(try key(#"{"a":"xy"}"#) != key(#"{"a":"x","b":"y"}"#))
        #expect(try key(#"{"b":"x"}"#) != key(#"{"a":"x"}"#))
        #expect(try key(#"{"a":"x","b":"y","c":1}"#) == key(#"{"b":"y","a":"x"}"#))
        #expect(labels.pairs(ofKey: try key(#"{"b":"y"}"#)[...]).map(\.value) == ["y"])
    }
}
