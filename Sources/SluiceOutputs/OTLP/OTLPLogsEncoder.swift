import SluiceCore

/// Encodes a batch of events as an OTLP `ExportLogsServiceRequest` (protobuf or OTLP/JSON),
/// following the OpenTelemetry logs data model:
///
/// | event | log record |
/// | --- | --- |
/// | the event time (from `parse_json`) | `timeUnixNano` (unset when the line had no time) |
/// | when the line was read | `observedTimeUnixNano` |
/// | `level` (names and numbers as the `fields` stage reads them) | `severityText` (as written; a number's level name) and `severityNumber`: debug 5, info 9, warning 13, error 17, critical 21 (`trace` 1) |
/// | `trace_id`, `span_id` in any form the `trace` stage reads (hex, UUID, decimal…) | `traceId` (16 bytes), `spanId` (8 bytes); hex in JSON. An id that is not valid stays an attribute |
/// | the body field (`event`, then `message`, then `msg` by default), or the whole event | `body`, its JSON type kept |
/// | every other member | `attributes`: strings, 64-bit ints, doubles, bools, arrays (`arrayValue`), objects (`kvlistValue`), null (an empty value) |
///
/// One `ResourceLogs` per distinct resource (attributes from config, static or read from
/// each event's fields with `%{[field]}`; fields read into the resource are not repeated as
/// attributes), and in it one `ScopeLogs` per source, its scope named after the `sources:`
/// entry that read the lines (`sluice` for events a stage made).
public struct OTLPLogsEncoder: Sendable {
    /// The request's wire form.
    public enum Encoding: String, Sendable, CaseIterable {
        case protobuf, json

        /// The `Content-Type` of a request body in this form.
        public var contentType: String { self == .protobuf ? "application/x-protobuf" : "application/json" }
    }

    /// What becomes the record's body.
    public enum Body: Sendable, Equatable {
        /// The first of these fields present (removed from the attributes); no body when none is.
        case field([FieldPath])
        /// The whole event as one map (`kvlistValue`); no attributes.
        case wholeEvent
    }

    /// The body fields tried by default: structlog's `event`, then `message`, then `msg`.
    public static let defaultBodyFields = ["event", "message", "msg"]

    public var encoding: Encoding = .protobuf
    public var body: Body = .field(defaultBodyFields.compactMap { FieldPath($0) })
    /// The field holding the level; nil: no severity.
    public var severityField: FieldPath? = FieldPath(key: "level")
    public var traceIDField = FieldPath(key: "trace_id")
    public var spanIDField = FieldPath(key: "span_id")
    /// Top-level members the event time may have come from; the first present is left out of
    /// the attributes when the event has a time of its own.
    public var timestampFields: [FieldKey] = Event.defaultTimestampFields.map { FieldKey($0) }
    /// Resource attributes in configured order.
    public var resource: [(key: String, value: FieldReference)] = []
    /// The instrumentation scope's name for events no source read.
    public var scopeName = "sluice"
    /// How numeric levels are read.
    public var levels = LevelNormalizer()

    public init() {}

    // MARK: Schema

    enum F {
        static let resourceLogs = OTLPField(1, "resourceLogs")
        static let resource = OTLPField(1, "resource")
        static let scopeLogs = OTLPField(2, "scopeLogs")
        static let attributes = OTLPField(1, "attributes")  // Resource
        static let scope = OTLPField(1, "scope")
        static let logRecords = OTLPField(2, "logRecords")
        static let scopeName = OTLPField(1, "name")
        static let timeUnixNano = OTLPField(1, "timeUnixNano")
        static let severityNumber = OTLPField(2, "severityNumber")
        static let severityText = OTLPField(3, "severityText")
        static let body = OTLPField(5, "body")
        static let recordAttributes = OTLPField(6, "attributes")
        static let traceID = OTLPField(9, "traceId")
        static let spanID = OTLPField(10, "spanId")
        static let observedTimeUnixNano = OTLPField(11, "observedTimeUnixNano")
        static let key = OTLPField(1, "key")
        static let value = OTLPField(2, "value")
        static let stringValue = OTLPField(1, "stringValue")
        static let boolValue = OTLPField(2, "boolValue")
        static let intValue = OTLPField(3, "intValue")
        static let doubleValue = OTLPField(4, "doubleValue")
        static let arrayValue = OTLPField(5, "arrayValue")
        static let kvlistValue = OTLPField(6, "kvlistValue")
        static let values = OTLPField(1, "values")  // ArrayValue, KeyValueList
    }

    /// The severity number of each level (`SeverityNumber`: DEBUG 5, INFO 9, WARN 13, ERROR 17, FATAL 21).
    static func severityNumber(_ level: LogLevel) -> Int {
        switch level {
        case .debug: 5
        case .info: 9
        case .warning: 13
        case .error: 17
        case .critical: 21
        }
    }

    // MARK: Encoding

    /// Appends the request for `events` to `out`; returns the number of log records in it.
    @discardableResult
    public func encode(_ events: [Event], into out: inout [UInt8]) -> Int {
        // The writer takes the buffer (no copy) and gives it back.
        switch encoding {
        case .protobuf:
            // About 250 bytes a record for AI-workflow lines; the buffer grows if need be.
            var writer = OTLPProtobufWriter(capacity: events.count * 320 + 256)
            encode(events, with: &writer)
            writer.out.copy(to: &out)
            writer.out.deallocate()
        case .json:
            var writer = OTLPJSONWriter()
            swap(&writer.out, &out)
            writer.out.append(UInt8(ascii: "{"))
            encode(events, with: &writer)
            writer.out.append(UInt8(ascii: "}"))
            swap(&writer.out, &out)
        }
        return events.count
    }

    func encode<W: OTLPWireWriter>(_ events: [Event], with w: inout W) {
        guard !events.isEmpty else { return }
        var scratch = Scratch(plan: keyPlan())
        w.beginRepeated(F.resourceLogs)
        for group in resourceGroups(events) {
            let resourceLogs = w.beginItem()
            let first = events[group[0]]
            let resourceMark = w.beginMessage(F.resource)
            w.beginRepeated(F.attributes)
            for (key, value) in resource { appendResourceAttribute(key, value, of: first, with: &w) }
            w.endRepeated()
            w.endMessage(resourceMark)
            w.beginRepeated(F.scopeLogs)
            for scope in Self.sourceGroups(group, of: events) {
                let scopeLogs = w.beginItem()
                let scopeMark = w.beginMessage(F.scope)
                let name = SourceNames.name(of: events[scope[0]].origin.source) ?? scopeName
                name.utf8.withContiguousStorageIfAvailable { w.string(F.scopeName, $0) }
                w.endMessage(scopeMark)
                w.beginRepeated(F.logRecords)
                // Through the buffer: each event is borrowed, not copied (retained) per record.
                events.withUnsafeBufferPointer { events in
                    for index in scope { appendRecord(events[index], with: &w, scratch: &scratch) }
                }
                w.endRepeated()
                w.endItem(scopeLogs)
            }
            w.endRepeated()
            w.endItem(resourceLogs)
        }
        w.endRepeated()
    }

    /// The events of `group` by the source that read them, in order of first appearance
    /// (one group without a lookup in the common case of one source).
    static func sourceGroups(_ group: [Int], of events: [Event]) -> [[Int]] {
        let first = events[group[0]].origin.source
        guard group.contains(where: { events[$0].origin.source != first }) else { return [group] }
        var sources: [UInt16] = []
        var groups: [[Int]] = []
        for index in group {
            let source = events[index].origin.source
            if let g = sources.firstIndex(of: source) {
                groups[g].append(index)
            } else {
                sources.append(source)
                groups.append([index])
            }
        }
        return groups
    }

    /// The batch's events grouped by resource, in order of first appearance.
    func resourceGroups(_ events: [Event]) -> [[Int]] {
        let fieldValued = resource.contains { if case .field = $0.value { true } else { false } }
        guard fieldValued else { return [Array(events.indices)] }
        var groups: [[Int]] = []
        var byKey: [[UInt8]: Int] = [:]
        var key: [UInt8] = []
        for (index, event) in events.enumerated() {
            key.removeAll(keepingCapacity: true)
            for (_, value) in resource {
                guard case .field(let path) = value else { continue }
                _ = event.fields.withValue(path) { kind, raw in
                    key.append(kind.rawValue)
                    key.append(contentsOf: raw)
                }
                key.append(0)
            }
            if let g = byKey[key] {
                groups[g].append(index)
            } else {
                byKey[key] = groups.count
                groups.append([index])
            }
        }
        return groups
    }

    func appendResourceAttribute<W: OTLPWireWriter>(_ key: String, _ value: FieldReference, of event: Event, with w: inout W) {
        switch value {
        case .text(let text):
            let item = w.beginItem()
            key.utf8.withContiguousStorageIfAvailable { w.string(F.key, $0) }
            let valueMark = w.beginMessage(F.value)
            text.utf8.withContiguousStorageIfAvailable { w.string(F.stringValue, $0) }
            w.endMessage(valueMark)
            w.endItem(item)
        case .field(let path):
            event.fields.withValue(path) { kind, raw in
                guard kind != .null else { return }
                let item = w.beginItem()
                key.utf8.withContiguousStorageIfAvailable { w.string(F.key, $0) }
                Self.appendAnyValue(F.value, kind, raw, escaped: nil, with: &w)
                w.endItem(item)
            }
        }
    }
}
