/// Environment-variable interpolation in config values.
///
/// | written | becomes |
/// | --- | --- |
/// | `${VAR}` | the variable's value; empty (with a warning) when unset |
/// | `${VAR:-default}` | `default` when VAR is unset or empty |
/// | `${VAR-default}` | `default` when VAR is unset |
/// | `${VAR:?message}` | an error naming `message` when VAR is unset or empty |
/// | `${VAR?message}` | an error when VAR is unset |
/// | `$${VAR}`, `$$` | the literal text `${VAR}`, `$` |
///
/// A `$` followed by anything else is kept as is (so regular expressions ending in `$` work).
public enum Interpolation {
    public struct Result: Equatable, Sendable {
        public var value: String
        /// Variables referenced with no default that were not set.
        public var unset: [String]
    }

    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case unclosed
        case badName(String)
        case required(name: String, message: String)

        public var description: String {
            switch self {
            case .unclosed: "unclosed \"${\" in interpolation"
            case .badName(let name): "invalid variable name \"\(name)\" in interpolation"
            case .required(let name, let message):
                "required variable \(name) is not set" + (message.isEmpty ? "" : ": \(message)")
            }
        }
    }

    public static func expand(_ text: String, environment: [String: String]) throws(Failure) -> Result {
        var referenced: [String] = []
        return try expand(text, environment: environment, referenced: &referenced)
    }

    /// The names of the variables `text` refers to (`${SLUICE_HMAC_KEY}` → `SLUICE_HMAC_KEY`),
    /// read by the same parser, so that an error can say which one was empty.
    public static func variables(in text: String) -> [String] {
        var referenced: [String] = []
        _ = try? expand(text, environment: [:], referenced: &referenced)
        return referenced
    }

    static func expand(_ text: String, environment: [String: String], referenced: inout [String]) throws(Failure) -> Result {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return Result(value: text, unset: []) }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var unset: [String] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            guard b == UInt8(ascii: "$"), i + 1 < bytes.count else {
                out.append(b)
                i += 1
                continue
            }
            let next = bytes[i + 1]
            if next == UInt8(ascii: "$") {
                out.append(b)
                i += 2
                continue
            }
            guard next == UInt8(ascii: "{") else {
                out.append(b)
                i += 1
                continue
            }
            guard let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: "}")) else { throw .unclosed }
            let body = String(decoding: bytes[(i + 2)..<close], as: UTF8.self)
            out.append(contentsOf: try substitute(body, environment: environment, unset: &unset, referenced: &referenced).utf8)
            i = close + 1
        }
        return Result(value: String(decoding: out, as: UTF8.self), unset: unset)
    }

    static func substitute(_ body: String, environment: [String: String], unset: inout [String], referenced: inout [String]) throws(Failure) -> String {
        let nameEnd = body.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_") || !$0.isASCII } ?? body.endIndex
        let name = String(body[..<nameEnd])
        guard let first = name.first, !first.isNumber else { throw .badName(body) }
        referenced.append(name)
        let rest = body[nameEnd...]
        let value = environment[name]
        if rest.isEmpty {
            if value == nil { unset.append(name) }
            return value ?? ""
        }
        for (op, treatEmptyAsUnset) in [(":-", true), ("-", false), (":?", true), ("?", false)] {
            guard rest.hasPrefix(op) else { continue }
            let argument = String(rest.dropFirst(op.count))
            let missing = value == nil || (treatEmptyAsUnset && value!.isEmpty)
            if op.hasSuffix("-") { return missing ? argument : value! }
            if missing { throw .required(name: name, message: argument) }
            return value!
        }
        throw .badName(body)
    }
}
