extension Condition {
    /// The tests a field may carry, for error messages and suggestions.
    static let testNames = ["equals", "in", "exists", "matches"] + NumericComparison.allCases.map(\.rawValue)

    /// Reads a `when:` value, reporting every problem (key path and line); nil when invalid.
    public static func read(_ node: ConfigNode) -> Condition? {
        guard let map = node.mapping() else { return nil }
        if map.entries.isEmpty {
            node.error("a condition needs at least one field test, e.g. { level: { in: [debug] } }")
            return nil
        }
        var parts: [Condition] = []
        var ok = true
        for (key, value) in map.entries {
            _ = map[key]
            let part: Condition?
            switch key {
            case "all", "any":
                part = readList(value).map { key == "all" ? .all($0) : .any($0) }
            case "not":
                part = read(value).map { .not($0) }
            default:
                if let path = FieldPath(key) {
                    part = readTests(value).map { tests in
                        tests.count == 1 ? .field(path, tests[0]) : .all(tests.map { .field(path, $0) })
                    }
                } else {
                    value.error("\"\(key)\" is not a field path")
                    part = nil
                }
            }
            if let part { parts.append(part) } else { ok = false }
        }
        guard ok else { return nil }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    static func readList(_ node: ConfigNode) -> [Condition]? {
        guard let items = node.list() else { return nil }
        if items.isEmpty {
            node.error("must list at least one condition")
            return nil
        }
        let conditions = items.map(read)
        return conditions.contains { $0 == nil } ? nil : conditions.compactMap { $0 }
    }

    /// A field's tests: a scalar (short for `equals`) or a mapping of tests.
    static func readTests(_ node: ConfigNode) -> [FieldTest]? {
        switch node.node {
        case .scalar:
            return expected(node).map { [.equals($0)] }
        case .mapping:
            guard let map = node.mapping() else { return nil }
            var tests: [FieldTest] = []
            if let v = map["equals"], let e = expected(v) { tests.append(.equals(e)) }
            if let v = map["in"], let items = v.list() {
                if items.isEmpty { v.error("must list at least one value") }
                let values = items.compactMap(expected)
                if values.count == items.count, !values.isEmpty { tests.append(.oneOf(values)) }
            }
            if let v = map["exists"], let b = v.bool() { tests.append(.exists(b)) }
            if let v = map["matches"], let pattern = v.string() {
                do throws(BoundedRegex.CompileError) {
                    tests.append(.matches(try BoundedRegex(pattern, origin: v.location)))
                } catch {
                    v.error(error.description)
                }
            }
            for comparison in NumericComparison.allCases {
                if let v = map[comparison.rawValue], let bound = v.double() { tests.append(.compare(comparison, bound)) }
            }
            map.finish()
            guard map.isValid else { return nil }
            if tests.isEmpty {
                node.error("give at least one test: \(testNames.joined(separator: ", "))")
                return nil
            }
            return tests
        default:
            node.error("expected a value or a mapping of tests (\(testNames.joined(separator: ", "))), found \(node.typeName)")
            return nil
        }
    }

    /// A scalar compared with field values; `null` is the text `null`.
    static func expected(_ node: ConfigNode) -> ExpectedValue? {
        if case .scalar(let scalar) = node.node, scalar.style == .plain, scalar.string == "null" || scalar.string == "~" {
            return ExpectedValue("null")
        }
        guard case .scalar = node.node else {
            node.error("expected a scalar value, found \(node.typeName)")
            return nil
        }
        return node.string().map(ExpectedValue.init)
    }
}
