import SluiceCore

/// A link to the trace viewer, e.g. `https://tempo.example.com/trace/{trace_id}` or Jaeger's
/// `http://jaeger:16686/trace/{trace_id}?uiFind={span_id}`. Split once at config time into
/// literal bytes (already escaped for JSON) and placeholders; rendering appends bytes only.
public struct TraceURLTemplate: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case literal([UInt8])
        case traceID
        case spanID
    }

    let parts: [Part]

    /// Why a template was rejected.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ template: String) throws(Failure) {
        var parts: [Part] = []
        var literal: [UInt8] = []
        let bytes = Array(template.utf8)
        var i = 0
        var sawTrace = false
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "{") else {
                literal.append(bytes[i])
                i += 1
                continue
            }
            guard let close = bytes[i...].firstIndex(of: UInt8(ascii: "}")) else {
                throw Failure(description: "unclosed { in the template")
            }
            let name = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
            if !literal.isEmpty { parts.append(Self.escaped(literal)) }
            literal = []
            switch name {
            case "trace_id": parts.append(.traceID); sawTrace = true
            case "span_id": parts.append(.spanID)
            default: throw Failure(description: "unknown placeholder {\(name)}; use {trace_id} or {span_id}")
            }
            i = close + 1
        }
        if !literal.isEmpty { parts.append(Self.escaped(literal)) }
        guard sawTrace else { throw Failure(description: "the template must contain {trace_id}") }
        self.parts = parts
    }

    static func escaped(_ literal: [UInt8]) -> Part {
        var out: [UInt8] = []
        literal.withUnsafeBufferPointer { JSONStringCodec.appendEscaped($0, to: &out) }
        return .literal(out)
    }

    /// Appends the link as a quoted JSON string; `{span_id}` is empty when there is none.
    func appendQuoted(traceID: UInt128, spanID: UInt64?, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for part in parts {
            switch part {
            case .literal(let bytes): out.append(contentsOf: bytes)
            case .traceID: TraceIDNormalizer.appendHex(traceID, digits: 32, to: &out)
            case .spanID: if let spanID { TraceIDNormalizer.appendHex(UInt128(spanID), digits: 16, to: &out) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
