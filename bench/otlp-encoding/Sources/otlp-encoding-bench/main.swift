import Foundation
import SluiceCore
import SluiceOutputs
import SwiftProtobuf

// Encodes the same parsed events as OTLP ExportLogsServiceRequests, in batches of 1,000, with
// Sluice's hand-written encoder and with swift-protobuf's generated messages built by the same
// mapping; rounds alternate; best CPU time of each. Both bodies are checked to decode to the
// same message first.

typealias Request = Opentelemetry_Proto_Collector_Logs_V1_ExportLogsServiceRequest
typealias Record = Opentelemetry_Proto_Logs_V1_LogRecord
typealias AnyValue = Opentelemetry_Proto_Common_V1_AnyValue
typealias KeyValue = Opentelemetry_Proto_Common_V1_KeyValue

let args = CommandLine.arguments
guard args.count > 1, let text = FileManager.default.contents(atPath: args[1]) else {
    print("usage: otlp-encoding-bench FILE [--rounds R]   (FILE: sluice-bench generate --lines N)")
    exit(2)
}
let rounds = args.firstIndex(of: "--rounds").flatMap { Int(args[$0 + 1]) } ?? 5
let bytes = [UInt8](text)
var events: [Event] = []
var start = 0
let now = Int64(Date().timeIntervalSince1970 * 1e9)
for (i, b) in bytes.enumerated() where b == 0x0A {
    var event = Event(line: bytes[start..<i], origin: Origin(fileID: 0, offset: UInt64(start), length: UInt32(i - start + 1)), readTime: now)
    if let fields = try? JSONObject(parsing: event.line) {
        event.fields = fields
        event.flags.remove(.raw)
        event.timestamp = now - 1_000_000
        event.flags.remove(.timestampFromReadTime)
    }
    events.append(event)
    start = i + 1
}

let encoder: OTLPLogsEncoder = {
    var encoder = OTLPLogsEncoder()
    encoder.resource = [("service.name", .text("ai-workflow"))]
    return encoder
}()
let levels = LevelNormalizer()

func string(_ raw: UnsafeBufferPointer<UInt8>) -> String {
    var out: [UInt8] = []
    JSONStringCodec.decode(raw, into: &out)
    return String(decoding: out, as: UTF8.self)
}

func integer(_ raw: UnsafeBufferPointer<UInt8>) -> Int64? {
    guard raw.first != UInt8(ascii: "-") || raw.count > 1, !raw.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") })
    else { return nil }
    return Int64(String(decoding: raw, as: UTF8.self))
}

func anyValue(_ kind: JSONKind, _ raw: UnsafeBufferPointer<UInt8>) -> AnyValue {
    var v = AnyValue()
    switch kind {
    case .string: v.stringValue = string(UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast()))
    case .number:
        if let i = integer(raw) { v.intValue = i } else { v.doubleValue = Double(String(decoding: raw, as: UTF8.self)) ?? 0 }
    case .bool: v.boolValue = raw.first == UInt8(ascii: "t")
    case .null: break
    case .array:
        var array = Opentelemetry_Proto_Common_V1_ArrayValue()
        try? JSONScanner.forEachElement(ofArray: raw) { kind, element in array.values.append(anyValue(kind, element)) }
        v.arrayValue = array
    case .object:
        var list = Opentelemetry_Proto_Common_V1_KeyValueList()
        try? JSONScanner.forEachMember(ofObject: raw) { key, _, kind, value in
            var kv = KeyValue()
            kv.key = string(key)
            kv.value = anyValue(kind, value)
            list.values.append(kv)
        }
        v.kvlistValue = list
    }
    return v
}

func bigEndian(_ value: UInt128, _ count: Int) -> Data {
    Data((0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) })
}

/// The same mapping as OTLPLogsEncoder, through generated messages.
func generated(_ batch: ArraySlice<Event>) throws -> [UInt8] {
    var resource = Opentelemetry_Proto_Logs_V1_ResourceLogs()
    var kv = KeyValue()
    kv.key = "service.name"
    kv.value.stringValue = "ai-workflow"
    resource.resource.attributes = [kv]
    var scope = Opentelemetry_Proto_Logs_V1_ScopeLogs()
    scope.scope.name = "sluice"
    scope.logRecords.reserveCapacity(batch.count)
    for event in batch {
        var record = Record()
        var excluded: [Int] = []
        let fields = event.fields
        record.timeUnixNano = UInt64(event.timestamp)
        if let i = ["@timestamp", "timestamp", "ts", "time"].lazy.compactMap({ fields.index(of: FieldKey($0)) }).first { excluded.append(i) }
        record.observedTimeUnixNano = UInt64(event.readTime)
        if let i = fields.index(of: "level") {
            fields.withValue(at: i) { kind, raw in
                guard kind == .string, let level = levels.level(kind, raw) else { return }
                record.severityText = string(UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast()))
                record.severityNumber = Opentelemetry_Proto_Logs_V1_SeverityNumber(rawValue: [5, 9, 13, 17, 21][LogLevel.allCases.firstIndex(of: level)!])!
                excluded.append(i)
            }
        }
        if let i = fields.index(of: "trace_id") {
            fields.withValue(at: i) { kind, raw in
                guard case .id(let id, _) = TraceIDNormalizer.traceID(kind, raw) else { return }
                record.traceID = bigEndian(id, 16)
                excluded.append(i)
            }
        }
        if let i = fields.index(of: "span_id") {
            fields.withValue(at: i) { kind, raw in
                guard case .id(let id, _) = TraceIDNormalizer.spanID(kind, raw) else { return }
                record.spanID = bigEndian(id, 8)
                excluded.append(i)
            }
        }
        for name in ["event", "message", "msg"] {
            guard let i = fields.index(of: FieldKey(name)) else { continue }
            fields.withValue(at: i) { kind, raw in record.body = anyValue(kind, raw) }
            excluded.append(i)
            break
        }
        fields.forEachMember { i, key, _, kind, raw in
            guard !excluded.contains(i) else { return }
            var kv = KeyValue()
            kv.key = string(key)
            kv.value = anyValue(kind, raw)
            record.attributes.append(kv)
        }
        scope.logRecords.append(record)
    }
    resource.scopeLogs = [scope]
    var request = Request()
    request.resourceLogs = [resource]
    return try request.serializedBytes()
}

func handWritten(_ batch: ArraySlice<Event>, into out: inout [UInt8]) {
    out.removeAll(keepingCapacity: true)
    encoder.encode(Array(batch), into: &out)
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

// The two must agree (the hand-written body decoded by swift-protobuf equals the generated message).
let sample = events.prefix(1000)
var handBody: [UInt8] = []
handWritten(sample, into: &handBody)
let decodedHand = try Request(serializedBytes: handBody)
let decodedGenerated = try Request(serializedBytes: try generated(sample))
guard decodedHand == decodedGenerated else {
    print("the two encoders disagree on the first batch")
    exit(1)
}

let batchSize = 1000
var best = [Double.infinity, Double.infinity]
var sizes = [0, 0]
var out: [UInt8] = []
for _ in 0..<rounds {
    for variant in 0..<2 {
        let t0 = cpuSeconds()
        var total = 0
        var i = 0
        while i < events.count {
            let batch = events[i..<min(i + batchSize, events.count)]
            if variant == 0 {
                handWritten(batch, into: &out)
                total += out.count
            } else {
                total += try generated(batch).count
            }
            i += batchSize
        }
        best[variant] = min(best[variant], cpuSeconds() - t0)
        sizes[variant] = total
    }
}
let perMillion = 1e6 / Double(events.count)
print(String(format: "hand-written encoder      %6.2f CPU-s per M events  (%d bytes)", best[0] * perMillion, sizes[0]))
print(String(format: "swift-protobuf generated  %6.2f CPU-s per M events  (%d bytes)", best[1] * perMillion, sizes[1]))
print(String(format: "swift-protobuf costs %.2fx the hand-written encoder (%d events, best of %d interleaved rounds)", best[1] / best[0], events.count, rounds))
