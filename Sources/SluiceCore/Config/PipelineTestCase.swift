/// A rule test kept in the pipeline file (`tests:`): input lines, the fields expected after
/// the stages ran, strings that must never appear in the output, or an expected drop.
public struct PipelineTestCase: Sendable {
    /// A value a field is expected to hold.
    public enum Expected: Sendable, Equatable, CustomStringConvertible {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
        /// `{ exists: false }`: the field must be absent.
        case absent
        /// `{ exists: true }`: the field must be present, any value.
        case present

        public var description: String {
            switch self {
            case .string(let s): "\"\(s)\""
            case .number(let n): n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : String(n)
            case .bool(let b): String(b)
            case .null: "null"
            case .absent: "(absent)"
            case .present: "(present)"
            }
        }
    }

    public var name: String
    public var inputs: [String]
    public var expect: [(path: FieldPath, value: Expected)]
    public var mustNotContain: [String]
    /// When set, whether every input must be dropped (true) or kept (false).
    public var expectDropped: Bool?
    /// Where the case is declared, for reports.
    public var location: String

    init?(node: ConfigNode) {
        guard let map = node.mapping() else { return nil }
        name = map.required("name")?.nonEmptyString() ?? ""
        location = "\(node.diagnostics.file):\(node.mark?.line ?? 0)"
        if let input = map.required("input") {
            inputs = input.stringList() ?? []
            if inputs.isEmpty { input.error("must hold at least one line") }
        } else {
            inputs = []
        }
        expect = []
        if let expectMap = map["expect"]?.mapping() {
            for (key, value) in expectMap.entries {
                guard let path = FieldPath(key) else {
                    value.error("\"\(key)\" is not a field path")
                    continue
                }
                if let expected = Self.expected(value) { expect.append((path, expected)) }
            }
        }
        mustNotContain = map["must_not_contain"]?.stringList() ?? []
        expectDropped = map["expect_dropped"]?.bool()
        map.finish()
        if map.isValid, expect.isEmpty, mustNotContain.isEmpty, expectDropped == nil {
            node.error("a test needs at least one of expect, must_not_contain or expect_dropped")
        }
        guard map.isValid else { return nil }
    }

    static func expected(_ node: ConfigNode) -> Expected? {
        switch node.node {
        case .scalar(let scalar):
            if scalar.style != .plain { return node.string().map(Expected.string) }
            if scalar.isNullValue { return .null }
            if let b = scalar.boolValue { return .bool(b) }
            if let i = scalar.intValue { return .number(Double(i)) }
            if let d = scalar.floatValue { return .number(d) }
            return node.string().map(Expected.string)
        case .mapping:
            guard let map = node.mapping() else { return nil }
            let exists = map.required("exists")?.bool()
            map.finish()
            guard let exists else { return nil }
            return exists ? .present : .absent
        case .sequence:
            node.error("expected a scalar value or { exists: true|false }")
            return nil
        }
    }
}
