import Foundation
import SluiceCore
import Synchronization

/// One log record as a ``FakeOTLPReceiver`` stored it (decoded from protobuf or OTLP/JSON).
public struct OTLPReceivedRecord: Sendable, Equatable {
    public var timeUnixNano: UInt64
    public var severityText: String
    /// The body when it is a string.
    public var body: String
    /// String, integer and boolean attributes as text.
    public var attributes: [String: String]
}

/// An in-process OTLP/HTTP logs receiver for tests (`POST /v1/logs` or Loki's
/// `/otlp/v1/logs`), answering either like an OpenTelemetry Collector (200 with an
/// `ExportLogsServiceResponse` in the request's encoding) or like Loki's OTLP endpoint as
/// recorded in `shared/fixtures/loki-otlp` (204 with no body; 400 with a protobuf
/// `google.rpc.Status` for a body it cannot read, a wrong content type, or a record older
/// than 168 h — whose recent records are still stored).
///
///     let receiver = try FakeOTLPReceiver(style: .loki)
///     receiver.setRequestFault { n, _ in n == 1 ? .status(503, retryAfter: 1) : nil }
public final class FakeOTLPReceiver: LoopbackBackend, Sendable {
    public enum Style: Sendable { case collector, loki }

    public let server: LoopbackHTTPServer
    private let state = Shared()
    private let faults = RequestFaults()

    final class Shared: Sendable {
        let lock = Mutex(State())
        func withLock<R>(_ body: (inout State) -> R) -> R { lock.withLock { body(&$0) } }
    }

    struct State {
        var records: [OTLPReceivedRecord] = []
        var bodies: [(json: Bool, body: [UInt8])] = []
        var rejectNext: (count: Int64, message: String)?
        var now: Int64?
        var stats = BackendStats()
    }

    public init(style: Style = .collector) throws {
        let state = self.state
        let faults = self.faults
        server = try LoopbackHTTPServer { request in
            let reply = Self.handle(request, style: style, state: state, faults: faults)
            state.withLock { $0.stats.record(reply) }
            return reply
        }
    }

    /// Decides a whole-request fault from the 1-based request number; nil answers normally.
    public func setRequestFault(_ fault: (@Sendable (_ number: Int, _ request: HTTPRequest) -> BackendFault?)?) {
        faults.set(fault)
    }

    /// The next successful answer (collector style) reports `count` records rejected with
    /// `message` in `partial_success`, and stores all but `count` of them.
    public func rejectOnNextExport(_ count: Int64, message: String) { state.withLock { $0.rejectNext = (count, message) } }

    /// The receiver's clock for Loki's age check (ns); nil: the real clock.
    public func setNow(_ nanoseconds: Int64?) { state.withLock { $0.now = nanoseconds } }

    /// Stored records in arrival order (a replay is stored again: OTLP has no idempotency).
    public var records: [OTLPReceivedRecord] { state.withLock { $0.records } }

    /// Every body that was answered with success, as received (after gzip), and whether it
    /// was OTLP/JSON.
    public var acceptedBodies: [(json: Bool, body: [UInt8])] { state.withLock { $0.bodies } }

    /// Requests by outcome (HTTP status, hung, closed).
    public var stats: BackendStats { state.withLock { $0.stats } }

    static let oldest: Int64 = 168 * 3600 * 1_000_000_000

    private static func handle(_ request: HTTPRequest, style: Style, state: Shared, faults: RequestFaults) -> HTTPReply {
        if let fault = faults.next(request) {
            return fault.reply { status in
                (style == .loki ? "application/octet-stream" : "text/plain", style == .loki ? status400Body("injected") : Array("injected \(status)".utf8), [:])
            }
        }
        guard request.method == "POST", request.path.hasSuffix("/v1/logs") else { return .text(404, "404 page not found\n") }
        let contentType = request.header("content-type") ?? ""
        let json: Bool
        if contentType.hasPrefix("application/x-protobuf") {
            json = false
        } else if contentType.hasPrefix("application/json") {
            json = true
        } else {
            return loki400(style, "content type: \(contentType) is not supported")
        }
        guard let records = json ? decodeJSON(request.body) : decodeProtobuf(request.body[...]) else {
            return loki400(style, json ? "unexpected end of JSON input" : "unexpected EOF")
        }
        return state.withLock { s -> HTTPReply in
            let now = s.now ?? FileIO.nowNanoseconds()
            if style == .loki {
                let tooOld = records.filter { $0.timeUnixNano != 0 && Int64($0.timeUnixNano) < now - oldest }
                s.records += records.filter { !($0.timeUnixNano != 0 && Int64($0.timeUnixNano) < now - oldest) }
                if !tooOld.isEmpty { return .respond(status: 400, headers: ["Content-Type": "application/octet-stream"], body: status400Body("entry for stream '{service_name=\"unknown_service\"}' has timestamp too old")) }
                s.bodies.append((json, request.body))
                return .respond(status: 204, headers: [:], body: [])
            }
            var stored = records
            var response: [UInt8] = []
            if let (count, message) = s.rejectNext {
                s.rejectNext = nil
                stored.removeLast(min(Int(count), stored.count))
                if json {
                    response = Array(#"{"partialSuccess":{"rejectedLogRecords":"\#(count)","errorMessage":"\#(message)"}}"#.utf8)
                } else {
                    var partial: [UInt8] = []
                    ProtobufWriter.appendVarintField(1, UInt64(count), to: &partial)
                    ProtobufWriter.appendStringField(2, message, to: &partial)
                    ProtobufWriter.appendBytesField(1, partial, to: &response)
                }
            } else if json {
                response = Array("{}".utf8)
            }
            s.records += stored
            s.bodies.append((json, request.body))
            return .respond(status: 200, headers: ["Content-Type": json ? "application/json" : "application/x-protobuf"], body: response)
        }
    }

    static func loki400(_ style: Style, _ message: String) -> HTTPReply {
        style == .loki
            ? .respond(status: 400, headers: ["Content-Type": "application/octet-stream"], body: status400Body(message))
            : .text(400, message)
    }

    /// A `google.rpc.Status` with only its message, as Loki sends it.
    static func status400Body(_ message: String) -> [UInt8] {
        var out: [UInt8] = []
        ProtobufWriter.appendStringField(2, message, to: &out)
        return out
    }

    // MARK: Decoding (enough to count and identify records)

    static func decodeProtobuf(_ body: ArraySlice<UInt8>) -> [OTLPReceivedRecord]? {
        var resources: [ArraySlice<UInt8>] = []
        guard ProtobufReader.forEachField(in: body, { number, value in
            if number == 1, case .bytes(let bytes) = value { resources.append(bytes) }
        }) else { return nil }
        var scopes: [ArraySlice<UInt8>] = []
        for resource in resources {
            guard ProtobufReader.forEachField(in: resource, { number, value in
                if number == 2, case .bytes(let bytes) = value { scopes.append(bytes) }
            }) else { return nil }
        }
        var encoded: [ArraySlice<UInt8>] = []
        for scope in scopes {
            guard ProtobufReader.forEachField(in: scope, { number, value in
                if number == 2, case .bytes(let bytes) = value { encoded.append(bytes) }
            }) else { return nil }
        }
        return encoded.map(decodeRecord)
    }

    static func decodeRecord(_ bytes: ArraySlice<UInt8>) -> OTLPReceivedRecord {
        var record = OTLPReceivedRecord(timeUnixNano: 0, severityText: "", body: "", attributes: [:])
        ProtobufReader.forEachField(in: bytes) { number, value in
            switch (number, value) {
            case (1, .fixed64(let t)): record.timeUnixNano = t
            case (3, .bytes(let text)): record.severityText = String(decoding: text, as: UTF8.self)
            case (5, .bytes(let any)): record.body = anyValueText(any) ?? ""
            case (6, .bytes(let kv)):
                var key = ""
                var text: String?
                ProtobufReader.forEachField(in: kv) { number, value in
                    if number == 1, case .bytes(let k) = value { key = String(decoding: k, as: UTF8.self) }
                    if number == 2, case .bytes(let v) = value { text = anyValueText(v) }
                }
                if let text { record.attributes[key] = text }
            default: break
            }
        }
        return record
    }

    static func anyValueText(_ bytes: ArraySlice<UInt8>) -> String? {
        var text: String?
        ProtobufReader.forEachField(in: bytes) { number, value in
            switch (number, value) {
            case (1, .bytes(let s)): text = String(decoding: s, as: UTF8.self)
            case (2, .varint(let b)): text = b != 0 ? "true" : "false"
            case (3, .varint(let i)): text = String(Int64(bitPattern: i))
            default: break
            }
        }
        return text
    }

    static func decodeJSON(_ body: [UInt8]) -> [OTLPReceivedRecord]? {
        guard let root = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        var records: [OTLPReceivedRecord] = []
        for resourceLogs in root["resourceLogs"] as? [[String: Any]] ?? [] {
            for scopeLogs in resourceLogs["scopeLogs"] as? [[String: Any]] ?? [] {
                for r in scopeLogs["logRecords"] as? [[String: Any]] ?? [] {
                    var record = OTLPReceivedRecord(
                        timeUnixNano: UInt64(r["timeUnixNano"] as? String ?? "0") ?? 0, severityText: r["severityText"] as? String ?? "",
                        body: jsonText(r["body"]) ?? "", attributes: [:])
                    for kv in r["attributes"] as? [[String: Any]] ?? [] {
                        if let key = kv["key"] as? String, let text = jsonText(kv["value"]) { record.attributes[key] = text }
                    }
                    records.append(record)
                }
            }
        }
        return records
    }

    static func jsonText(_ value: Any?) -> String? {
        guard let value = value as? [String: Any] else { return nil }
        if let s = value["stringValue"] as? String { return s }
        if let i = value["intValue"] as? String { return i }
        if let b = value["boolValue"] as? Bool { return b ? "true" : "false" }
        return nil
    }
}
