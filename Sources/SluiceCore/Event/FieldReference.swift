/// A configured value that is either static text or one whole field reference, `%{[a][b]}`
/// or `%{a.b}` (Loki labels, `metrics` stage labels).
public enum FieldReference: Sendable, Equatable {
    case text(String)
    case field(FieldPath)

    /// Reads `value`; nil when it holds `%{` but is not one whole, valid field reference.
    public init?(_ value: String) {
        guard let open = value.firstRange(of: "%{") else {
            self = .text(value)
            return
        }
        guard open.lowerBound == value.startIndex, value.hasSuffix("}"),
            let path = FieldPath(String(value[open.upperBound..<value.index(before: value.endIndex)]))
        else { return nil }
        self = .field(path)
    }
}
