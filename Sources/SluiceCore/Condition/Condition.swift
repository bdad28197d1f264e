/// A condition on an event's fields, written `when:` on any stage (and used by `drop`).
///
/// ```yaml
/// when: { level: { in: [debug, info] }, latency_ms: { gt: 500 } }   # every entry must hold
/// when: { any: [ { level: error }, { not: { exists_field: { exists: true } } } ] }
/// ```
///
/// A mapping's entries all have to hold. Keys are field paths, except `all` (a list of
/// conditions that all hold), `any` (a list, one of which holds) and `not` (a condition that
/// does not hold); write `[all]` to test a field literally named `all`. A field's value is
/// either a scalar (short for `equals`) or a mapping of tests that all have to hold:
///
/// | test | holds when |
/// | --- | --- |
/// | `equals: v` | the value equals `v` (see ``ExpectedValue``) |
/// | `in: [a, b]` | the value equals one of the list |
/// | `exists: true/false` | the field is present / absent |
/// | `matches: re` | the value (a string's decoded text, or a number's JSON text) matches the PCRE2 regular expression `re` anywhere; see ``BoundedRegex`` |
/// | `gt`, `gte`, `lt`, `lte: n` | the value is numeric (a JSON number or a string holding one) and compares so with `n` |
///
/// Evaluation reads the value's bytes in place: no `String`, no Foundation. Only a string
/// value holding backslash escapes is decoded into a temporary buffer. A `matches` search that
/// gives up at its limit does not hold, and is counted in the ``RegexScratch`` passed in.
public indirect enum Condition: Sendable {
    /// Every condition holds (true when empty).
    case all([Condition])
    /// At least one condition holds.
    case any([Condition])
    /// The condition does not hold.
    case not(Condition)
    /// A test on the value at a field path.
    case field(FieldPath, FieldTest)
}

/// One test on a field's value.
public enum FieldTest: Sendable {
    case equals(ExpectedValue)
    case oneOf([ExpectedValue])
    case exists(Bool)
    case matches(BoundedRegex)
    case compare(NumericComparison, Double)
}

/// `gt`, `gte`, `lt`, `lte`.
public enum NumericComparison: String, Sendable, CaseIterable {
    case gt, gte, lt, lte

    /// Whether `value <op> bound` holds.
    @inline(__always)
    public func holds(_ value: Double, _ bound: Double) -> Bool {
        switch self {
        case .gt: value > bound
        case .gte: value >= bound
        case .lt: value < bound
        case .lte: value <= bound
        }
    }
}

/// A value a field is compared with, prepared once from the pipeline file.
///
/// Compared as numbers when both sides are numeric (a JSON number, or a string holding a
/// number such as `"200"`); otherwise by text: a string's decoded bytes, or the JSON text of
/// a number, `true`, `false` or `null`. Objects and arrays never equal a value.
public struct ExpectedValue: Sendable, Equatable {
    /// The value's UTF-8 text.
    public let text: [UInt8]
    /// The value as a number, when it is one.
    public let number: Double?

    public init(_ text: String) {
        self.text = Array(text.utf8)
        self.number = text.utf8.withContiguousStorageIfAvailable { NumberBytes.parse($0) } ?? nil
    }
}
