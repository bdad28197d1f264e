import SluiceCore

/// A request body written as text with `%{[field]}` placeholders, e.g.
/// `{"text": "%{[level]} in %{[step]}: %{[msg]}"}` for a Slack incoming webhook. Each value is
/// inserted JSON-escaped (a string's text, a number or boolean as written; nothing for an
/// absent field, an object or an array), so a placeholder belongs inside a JSON string.
public struct WebhookTemplate: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case literal([UInt8])
        case field(FieldPath)
    }

    public let parts: [Part]

    /// Reads `text`; nil with `problem` set when a `%{` is not closed or names no field path.
    public init?(_ text: String, problem: inout String?) {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "%{") {
            if open.lowerBound > rest.startIndex { parts.append(.literal(Array(rest[..<open.lowerBound].utf8))) }
            guard let close = rest[open.upperBound...].firstIndex(of: "}"), let path = FieldPath(String(rest[open.upperBound..<close])) else {
                problem = "a %{ is not followed by a field path and } (e.g. %{[msg]})"
                return nil
            }
            parts.append(.field(path))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(Array(rest.utf8))) }
        self.parts = parts
    }

    /// The body for `event`.
    public func render(_ event: Event, into out: inout [UInt8]) {
        for part in parts {
            switch part {
            case .literal(let bytes):
                out.append(contentsOf: bytes)
            case .field(let path):
                event.fields.withValue(path) { kind, raw in
                    switch kind {
                    case .string:
                        // Already JSON-escaped in the line: copy it as it is, without the quotes.
                        if raw.count >= 2 { out.append(contentsOf: UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast())) }
                    case .number, .bool:
                        out.append(contentsOf: raw)
                    case .object, .array, .null:
                        break
                    }
                }
            }
        }
    }
}
