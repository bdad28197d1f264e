extension Condition {
    /// Whether the condition holds for `fields`; `scratch` serves the `matches` tests (and
    /// counts those that gave up).
    public func holds(for fields: JSONObject, using scratch: RegexScratch) -> Bool {
        switch self {
        case .all(let conditions):
            for condition in conditions where !condition.holds(for: fields, using: scratch) { return false }
            return true
        case .any(let conditions):
            for condition in conditions where condition.holds(for: fields, using: scratch) { return true }
            return false
        case .not(let condition):
            return !condition.holds(for: fields, using: scratch)
        case .field(let path, let test):
            if case .exists(let wanted) = test { return fields.contains(path) == wanted }
            return fields.withValue(path) { kind, raw in test.holds(kind, raw, scratch) } ?? false
        }
    }
}

extension FieldTest {
    /// Whether the test holds for a value of `kind` whose JSON bytes are `raw`.
    func holds(_ kind: JSONKind, _ raw: UnsafeBufferPointer<UInt8>, _ scratch: RegexScratch) -> Bool {
        switch kind {
        case .object, .array:
            return false
        case .string:
            let body = UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast())
            guard body.contains(UInt8(ascii: "\\")) else { return holds(text: body, scratch) }
            // Rare: escapes are decoded into a temporary buffer.
            var decoded: [UInt8] = []
            decoded.reserveCapacity(body.count)
            JSONStringCodec.decode(body, into: &decoded)
            return decoded.withUnsafeBufferPointer { holds(text: $0, scratch) }
        case .number, .bool, .null:
            return holds(text: raw, scratch)
        }
    }

    func holds(text: UnsafeBufferPointer<UInt8>, _ scratch: RegexScratch) -> Bool {
        switch self {
        case .exists(let wanted):
            return wanted
        case .equals(let expected):
            return expected.equals(text)
        case .oneOf(let values):
            let number = NumberBytes.parse(text)
            for value in values where value.equals(text, number: number) { return true }
            return false
        case .matches(let regex):
            return regex.matches(text, using: scratch)
        case .compare(let comparison, let bound):
            guard let value = NumberBytes.parse(text) else { return false }
            return comparison.holds(value, bound)
        }
    }
}

extension ExpectedValue {
    /// Whether a value whose text is `text` equals this one.
    @inline(__always)
    func equals(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        equals(text, number: number == nil ? nil : NumberBytes.parse(text))
    }

    @inline(__always)
    func equals(_ text: UnsafeBufferPointer<UInt8>, number: Double?) -> Bool {
        if let mine = self.number, let theirs = number { return mine == theirs }
        return self.text.elementsEqual(text)
    }
}
