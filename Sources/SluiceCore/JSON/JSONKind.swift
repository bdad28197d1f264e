/// The type of a JSON value as located by ``JSONScanner``.
public enum JSONKind: UInt8, Sendable, Equatable {
    case string, number, object, array, bool, null
}

/// Why a line could not be scanned as a JSON object.
///
/// The cases are coarse on purpose: they name a reason that is safe to log and count
/// (they never carry line content).
public enum JSONScanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line is empty or only whitespace.
    case empty
    /// Valid JSON, but not an object (an array, a string, a number…).
    case notAnObject
    /// The input ended inside a value: a cut-off line.
    case truncated
    /// A string holds bytes that are not well-formed UTF-8.
    case invalidUTF8
    /// Anything else that is not JSON, with the byte offset where scanning stopped.
    case syntax(offset: Int)
    /// Nesting deeper than ``JSONScanner/maxDepth``.
    case tooDeep

    /// A short, content-free reason suitable for counters and logs.
    public var reason: String {
        switch self {
        case .empty: "empty"
        case .notAnObject: "not_an_object"
        case .truncated: "truncated"
        case .invalidUTF8: "invalid_utf8"
        case .syntax: "syntax"
        case .tooDeep: "too_deep"
        }
    }

    public var description: String {
        switch self {
        case .syntax(let offset): "invalid JSON at byte \(offset)"
        default: "invalid JSON (\(reason))"
        }
    }
}
