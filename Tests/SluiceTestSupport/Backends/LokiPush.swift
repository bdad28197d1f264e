import Foundation
import SluiceCore

/// One pushed entry: its stream's labels, timestamp (ns), line and structured metadata.
public struct LokiEntry: Sendable, Equatable {
    /// The stream's labels as sent (Loki's own `service_name` is not added here).
    public var labels: [String: String]
    public var timestamp: Int64
    public var line: String
    public var metadata: [String: String]?
}

/// Decoding of Loki's push bodies and the texts Loki 3.8 answers (fixtures/loki): JSON here,
/// protobuf + snappy in LokiPush+Protobuf.swift.
enum LokiPush {
    enum Failure: Error {
        /// 400/422 text (without the trailing newline).
        case status(Int, String)
    }

    /// One stream of a push request: its labels, the error Loki's label parser gives them (nil
    /// when they parse) and its entries in request order.
    struct Stream {
        var labels: [String: String]
        var labelError: String?
        var entries: [LokiEntry]
    }

    /// The streams of `request`'s body, as Loki reads it: JSON with `Content-Type:
    /// application/json`, else protobuf + snappy. Throws Loki's decode error text.
    static func decode(_ request: HTTPRequest) throws(Failure) -> [Stream] {
        if request.header("content-type")?.lowercased().hasPrefix("application/json") == true {
            return try decodeJSON(request.body)
        }
        return try decodeProtobuf(request.body)
    }

    /// The streams of a JSON body in request order; throws Loki's decode error text.
    static func decodeJSON(_ body: [UInt8]) throws(Failure) -> [Stream] {
        if body.isEmpty { throw .status(400, "EOF") }
        guard let root = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw .status(400, decodeError("ReadObjectCB: object not ended with }", body))
        }
        let streams = root["streams"] as? [[String: Any]] ?? []
        if streams.isEmpty { throw .status(422, "error at least one valid stream is required for ingestion") }
        var result: [Stream] = []
        for stream in streams {
            let labels = stream["stream"] as? [String: String] ?? [:]
            var entries: [LokiEntry] = []
            for case let value as [Any] in stream["values"] as? [Any] ?? [] {
                guard value.count >= 2, let ts = value[0] as? String else {
                    throw .status(400, decodeError("unmarshalerDecoder: Value looks like Number/Boolean/None, but can't find its end: ',' or '}' symbol", body, back: 2))
                }
                var metadata: [String: String]?
                if value.count > 2 {
                    guard let meta = value[2] as? [String: Any], meta.values.allSatisfy({ $0 is String }) else {
                        throw .status(400, decodeError("unmarshalerDecoder: Value is string, but can't find closing '\"' symbol", body, back: 2))
                    }
                    metadata = meta.mapValues { $0 as! String }
                }
                guard let nanos = Int64(ts), let line = value[1] as? String else {
                    throw .status(400, decodeError("unmarshalerDecoder: invalid timestamp or line", body))
                }
                entries.append(LokiEntry(labels: labels, timestamp: nanos, line: line, metadata: metadata))
            }
            result.append(Stream(labels: labels, labelError: labelError(labels), entries: entries))
        }
        return result
    }

    /// jsoniter's error text, positioned `back` bytes before the end of the body (where the
    /// fixtures' errors are: 0 for truncation, 2 for a value error in the last entry).
    static func decodeError(_ reason: String, _ body: [UInt8], back: Int = 0) -> String {
        let head = max(0, body.count - back)
        let peek = max(0, head - 10), context = max(0, head - 50)
        let window = String(decoding: body[peek..<min(body.count, head + 10)], as: UTF8.self)
        let bigger = String(decoding: body[context..<min(body.count, head + 50)], as: UTF8.self)
        return "loghttp.PushRequest.Streams: []loghttp.LogProtoStream: \(reason), error found in #\(head - peek) byte of ...|\(window)|..., bigger context ...|\(bigger)|..."
    }

    /// The parse error for an invalid label name, or nil when all names are valid (Loki parses
    /// the JSON's labels in the text form it makes of them, sorted by name).
    static func labelError(_ labels: [String: String]) -> String? {
        var column = 1
        for (name, value) in labels.sorted(by: { $0.key < $1.key }) {
            for (offset, char) in name.enumerated() {
                let ok = char == "_" || (char.isASCII && (char.isLetter || (offset > 0 && char.isNumber)))
                if !ok { return "couldn't parse labels: 1:\(column + 1 + offset): parse error: unexpected character inside braces: '\(char)'" }
            }
            column += name.count + value.count + 5  // name="value",space
        }
        return nil
    }

    /// `{job="x", service_name="x"}` as Loki prints a stream (with the service_name it adds).
    static func streamText(_ labels: [String: String]) -> String {
        var all = labels
        if all["service_name"] == nil {
            let sources = ["service", "app", "application", "name", "app_kubernetes_io_name", "container",
                           "container_name", "k8s_container_name", "component", "workload", "job"]
            all["service_name"] = sources.lazy.compactMap { labels[$0] }.first ?? "unknown_service"
        }
        let pairs = all.sorted(by: { $0.key < $1.key }).map { name, value in
            "\(name)=\"\(value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
        }
        return "{" + pairs.joined(separator: ", ") + "}"
    }

    /// Go's RFC 3339 with whole seconds: `2026-11-16T23:43:01Z`.
    static func rfc3339(_ nanos: Int64) -> String {
        let (date, time) = civil(nanos)
        return "\(date)T\(time)Z"
    }

    /// Go's `time.Time.String()` in UTC: `2026-11-24 21:43:01.036325667 +0000 UTC`.
    static func goTime(_ nanos: Int64) -> String {
        let (date, time) = civil(nanos)
        var fraction = ""
        let ns = ((nanos % 1_000_000_000) + 1_000_000_000) % 1_000_000_000
        if ns != 0 {
            let digits = String(ns)
            fraction = "." + String(repeating: "0", count: 9 - digits.count) + digits
            while fraction.hasSuffix("0") { fraction.removeLast() }
        }
        return "\(date) \(time)\(fraction) +0000 UTC"
    }

    private static func civil(_ nanos: Int64) -> (String, String) {
        let t = CivilTime(nanosecondsSinceEpoch: nanos)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return ("\(t.year)-\(two(t.month))-\(two(t.day))", "\(two(t.hour)):\(two(t.minute)):\(two(t.second))")
    }
}
