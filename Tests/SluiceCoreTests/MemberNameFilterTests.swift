import Testing
import SluiceTestSupport
@testable import SluiceCore

/// The member-name filter in front of ``JSONObject/index(of:)``: whatever an object was
/// parsed from and whatever was written, added, shared and removed since, a look-up finds
/// what comparing the name with every member (decoded) finds.
@Suite struct MemberNameFilterTests {
    static let names = ["", "a", "b", "ab", "ba", "level", "trace_id", "trace_missing", "sample_rate", "workflow_id",
                        "@timestamp", "timestamp", "é", "a\"b", "tab\tname", "span_id", "spanId", "x.y"]

    /// The last member whose decoded name is `name`, by looking at every member.
    func naiveIndex(_ object: JSONObject, _ name: String) -> Int? {
        (0..<object.count).last { object.key(at: $0) == name }
    }

    @Test func lookUpsFindWhatComparingEveryMemberFinds() throws {
        var random = SplitMix(seed: 0xF117_E5)
        for _ in 0..<2_000 {
            // A line with a few members, some names escaped as producers write them.
            var members: [String] = []
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                let name = Self.names[Int.random(in: 0..<Self.names.count, using: &random)]
                var written = JSONStringLiteral.body(name, asciiOnly: Bool.random(using: &random))
                if Bool.random(using: &random), name == "level" { written = "lev\\u0065l" }
                members.append("\"\(written)\":\(Int.random(in: 0...9, using: &random))")
            }
            var object = try JSONObject(parsing: ArraySlice(Array(("{" + members.joined(separator: ",") + "}").utf8)))
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                let name = Self.names[Int.random(in: 0..<Self.names.count, using: &random)]
                let key = FieldKey(name)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: object.setString(FieldPath(key: key), "v")
                case 1: object.setMember(SharedMember(key: key, json: Array("1".utf8), kind: .number))
                case 2: object.remove(FieldPath(key: key))
                default: object.setBool(FieldPath(key: key), true)
                }
            }
            for name in Self.names {
                #expect(object.index(of: FieldKey(name)) == naiveIndex(object, name), "\(name) in \(String(decoding: object.serialized(), as: UTF8.self))")
            }
        }
    }
}
