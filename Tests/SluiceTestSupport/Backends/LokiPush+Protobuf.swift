import SluiceCore

/// Loki's protobuf push body: `logproto.PushRequest` (Loki's `pkg/push/push.proto`),
/// compressed in snappy's block format, as Promtail and Grafana Alloy send it. Loki reads
/// every push body that is not `Content-Type: application/json` this way.
///
/// ```
/// PushRequest      { repeated StreamAdapter streams = 1; }
/// StreamAdapter    { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
/// EntryAdapter     { Timestamp timestamp = 1; string line = 2; repeated LabelPairAdapter structuredMetadata = 3; }
/// LabelPairAdapter { string name = 1; string value = 2; }
/// Timestamp        { int64 seconds = 1; int32 nanos = 2; }
/// ```
///
/// Errors answer Go's texts for the common faults: `snappy: corrupt input` (not snappy, or
/// empty), `unexpected EOF` (truncated protobuf), `proto: wrong wireType = N for field X`,
/// and for the labels, `couldn't parse labels: 1:C: parse error: …`.
extension LokiPush {
    /// The streams of a protobuf + snappy body in request order; throws Loki's error text.
    static func decodeProtobuf(_ body: [UInt8]) throws(Failure) -> [Stream] {
        let message: [UInt8]
        do {
            message = try Snappy.decompress(body)
        } catch {
            throw .status(400, error.description)
        }
        var streams: [Stream] = []
        var fault: String?
        let wellFormed = ProtobufReader.forEachField(in: message[...]) { number, value in
            guard fault == nil, number == 1 else { return }  // unknown fields are skipped, as Go does
            guard case .bytes(let bytes) = value else {
                fault = wrongWireType(value, "Streams")
                return
            }
            do throws(Failure) {
                streams.append(try stream(bytes))
            } catch {
                if case .status(_, let message) = error { fault = message }
            }
        }
        if let fault { throw .status(400, fault) }
        guard wellFormed else { throw .status(400, "unexpected EOF") }
        if streams.isEmpty { throw .status(422, "error at least one valid stream is required for ingestion") }
        return streams
    }

    private static func stream(_ message: ArraySlice<UInt8>) throws(Failure) -> Stream {
        var text = ""
        var entries: [(timestamp: Int64, line: String, metadata: [String: String]?)] = []
        var fault: String?
        let wellFormed = ProtobufReader.forEachField(in: message) { number, value in
            guard fault == nil else { return }
            switch (number, value) {
            case (1, .bytes(let bytes)): text = String(decoding: bytes, as: UTF8.self)
            case (2, .bytes(let bytes)):
                do throws(Failure) {
                    entries.append(try entry(bytes))
                } catch {
                    if case .status(_, let message) = error { fault = message }
                }
            case (3, .varint): break  // hash
            case (1, _): fault = wrongWireType(value, "Labels")
            case (2, _): fault = wrongWireType(value, "Entries")
            case (3, _): fault = wrongWireType(value, "Hash")
            default: break
            }
        }
        if let fault { throw .status(400, fault) }
        guard wellFormed else { throw .status(400, "unexpected EOF") }
        let (labels, labelError) = parseLabelText(text)
        return Stream(
            labels: labels, labelError: labelError,
            entries: entries.map { LokiEntry(labels: labels, timestamp: $0.timestamp, line: $0.line, metadata: $0.metadata) })
    }

    private static func entry(_ message: ArraySlice<UInt8>) throws(Failure) -> (timestamp: Int64, line: String, metadata: [String: String]?) {
        var seconds: Int64 = 0, nanos: Int64 = 0
        var line = ""
        var metadata: [String: String]?
        var fault: String?
        let wellFormed = ProtobufReader.forEachField(in: message) { number, value in
            guard fault == nil else { return }
            switch (number, value) {
            case (1, .bytes(let bytes)):
                let ok = ProtobufReader.forEachField(in: bytes) { number, value in
                    switch (number, value) {
                    case (1, .varint(let v)): seconds = Int64(bitPattern: v)
                    case (2, .varint(let v)): nanos = Int64(Int32(truncatingIfNeeded: v))
                    case (1, _): fault = fault ?? wrongWireType(value, "Seconds")
                    case (2, _): fault = fault ?? wrongWireType(value, "Nanos")
                    default: break
                    }
                }
                if !ok { fault = fault ?? "unexpected EOF" }
            case (2, .bytes(let bytes)): line = String(decoding: bytes, as: UTF8.self)
            case (3, .bytes(let bytes)):
                var name = "", text = ""
                let ok = ProtobufReader.forEachField(in: bytes) { number, value in
                    switch (number, value) {
                    case (1, .bytes(let b)): name = String(decoding: b, as: UTF8.self)
                    case (2, .bytes(let b)): text = String(decoding: b, as: UTF8.self)
                    case (1, _): fault = fault ?? wrongWireType(value, "Name")
                    case (2, _): fault = fault ?? wrongWireType(value, "Value")
                    default: break
                    }
                }
                if !ok { fault = fault ?? "unexpected EOF" }
                metadata = metadata ?? [:]
                metadata?[name] = text
            case (1, _): fault = wrongWireType(value, "Timestamp")
            case (2, _): fault = wrongWireType(value, "Line")
            case (3, _): fault = wrongWireType(value, "StructuredMetadata")
            default: break
            }
        }
        if let fault { throw .status(400, fault) }
        guard wellFormed else { throw .status(400, "unexpected EOF") }
        guard (0..<1_000_000_000).contains(nanos) else {
            throw .status(400, "timestamp: seconds:\(seconds) nanos:\(nanos) : nanos not in range [0, 1e9)")
        }
        return (seconds &* 1_000_000_000 &+ nanos, line, metadata)
    }

    private static func wrongWireType(_ value: ProtobufReader.Value, _ field: String) -> String {
        let wire = switch value {
        case .varint: 0
        case .fixed64: 1
        case .bytes: 2
        case .fixed32: 5
        }
        return "proto: wrong wireType = \(wire) for field \(field)"
    }

    /// A stream's labels from their Prometheus text form `{a="x", b="y\"z"}` (Go-quoted
    /// values), with the error Loki's parser gives when it cannot read them.
    static func parseLabelText(_ text: String) -> (labels: [String: String], error: String?) {
        let chars = Array(text)
        var labels: [String: String] = [:]
        var i = 0
        func fail(_ message: String) -> ([String: String], String?) {
            ([:], "couldn't parse labels: 1:\(i + 1): parse error: \(message)")
        }
        func isNameChar(_ c: Character, first: Bool) -> Bool {
            c == "_" || (c.isASCII && (c.isLetter || (!first && c.isNumber)))
        }
        func skipSpaces() { while i < chars.count && chars[i] == " " { i += 1 } }
        guard chars.first == "{" else { return fail("unexpected character: '\(chars.first.map(String.init) ?? "")'") }
        i = 1
        while true {
            skipSpaces()
            guard i < chars.count else { return fail("unexpected end of input") }
            if chars[i] == "}" {
                if labels.isEmpty { return fail("syntax error: unexpected }, expecting IDENTIFIER") }
                break
            }
            let nameStart = i
            while i < chars.count && isNameChar(chars[i], first: i == nameStart) { i += 1 }
            guard i < chars.count else { return fail("unexpected end of input") }
            if i == nameStart || (chars[i] != "=" && chars[i] != " ") {
                return fail("unexpected character inside braces: '\(chars[i])'")
            }
            let name = String(chars[nameStart..<i])
            skipSpaces()
            guard i < chars.count, chars[i] == "=" else { return fail("syntax error: unexpected character, expecting = or != or =~ or !~") }
            i += 1
            skipSpaces()
            guard i < chars.count, chars[i] == "\"" else { return fail("syntax error: unexpected character, expecting STRING") }
            i += 1
            var value = ""
            while true {
                guard i < chars.count, chars[i] != "\n" else { return fail("literal not terminated") }
                let c = chars[i]
                i += 1
                if c == "\"" { break }
                guard c == "\\" else { value.append(c); continue }
                guard i < chars.count else { return fail("literal not terminated") }
                switch chars[i] {
                case "\\": value.append("\\")
                case "\"": value.append("\"")
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                default: return fail("invalid syntax")
                }
                i += 1
            }
            labels[name] = value
            skipSpaces()
            guard i < chars.count else { return fail("unexpected end of input") }
            if chars[i] == "," { i += 1; continue }
            guard chars[i] == "}" else { return fail("syntax error: unexpected character, expecting , or }") }
            break
        }
        return (labels, nil)
    }
}
