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
    /// The instrumentation scope's name for events no source read, and every scope's version.
    public var scopeName = "sluice"
    public var scopeVersion = ""
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
        static let scopeVersion = OTLPField(2, "version")
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
                if !scopeVersion.isEmpty { scopeVersion.utf8.withContiguousStorageIfAvailable { w.string(F.scopeVersion, $0) } }
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

    /// The top-level members every record reads, found in one pass per event
    /// (``JSONObject/lastIndices(of:into:)``): the time fields, the level, the ids, the body
    /// candidates and the resource's fields, in that order.
    struct KeyPlan {
        var set: FieldKeySet
        var time: Range<Int>
        var severity: Int?
        var trace: Int
        var span: Int
        var body: Range<Int>
        var resource: Range<Int>
    }

    func keyPlan() -> KeyPlan {
        var keys: [FieldKey] = timestampFields
        let time = 0..<keys.count
        var severity: Int?
        if let severityField {
            severity = keys.count
            keys.append(severityField.literal)
        }
        let trace = keys.count
        keys.append(traceIDField.literal)
        let span = keys.count
        keys.append(spanIDField.literal)
        let bodyStart = keys.count
        if case .field(let paths) = body { keys += paths.map(\.literal) }
        let body = bodyStart..<keys.count
        let resourceStart = keys.count
        for (_, value) in resource { if case .field(let path) = value { keys.append(path.literal) } }
        return KeyPlan(set: FieldKeySet(Array(keys.prefix(64))), time: time, severity: severity, trace: trace, span: span, body: body,
                       resource: resourceStart..<min(keys.count, 64))
    }

    /// Per-batch scratch: where the plan's keys are in one event, and the members left out of
    /// its attributes.
    struct Scratch {
        var plan: KeyPlan
        var found: [Int] = []
        var excluded: [Int] = []
    }

    func appendRecord<W: OTLPWireWriter>(_ event: Event, with w: inout W, scratch: inout Scratch) {
        guard !event.flags.contains(.raw) else {
            var wrapped = event
            wrapped.wrapLineAsMessage()
            return appendParsedRecord(wrapped, with: &w, scratch: &scratch)
        }
        appendParsedRecord(event, with: &w, scratch: &scratch)
    }

    func appendParsedRecord<W: OTLPWireWriter>(_ event: Event, with w: inout W, scratch: inout Scratch) {
        let record = w.beginItem()
        event.fields.lastIndices(of: scratch.plan.set, into: &scratch.found)
        scratch.excluded.removeAll(keepingCapacity: true)
        let plan = scratch.plan
        let levels = self.levels

        if !event.flags.contains(.timestampFromReadTime) {
            if event.timestamp > 0 { w.fixed64(F.timeUnixNano, UInt64(event.timestamp)) }
            for k in plan.time where scratch.found[k] >= 0 {
                scratch.excluded.append(scratch.found[k])
                break
            }
        }
        // Zero is "unknown" in OTLP, and proto3 leaves a zero scalar out.
        if event.readTime > 0 { w.fixed64(F.observedTimeUnixNano, UInt64(event.readTime)) }

        if let severity = plan.severity, case let i = scratch.found[severity], i >= 0 {
            let escaped = event.fields.fields[i].isValueEscaped
            let mapped: Bool = event.fields.withValue(at: i) { kind, raw in
                guard kind == .string || kind == .number else { return false }
                let level = levels.level(kind, raw)
                if kind == .string {
                    let text = UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast())
                    if let level {
                        let isTrace = level == .debug && text.count == 5 && (text[0] | 0x20) == UInt8(ascii: "t")
                        w.enumValue(F.severityNumber, isTrace ? 1 : Self.severityNumber(level))
                    }
                    w.jsonString(F.severityText, text, escaped: escaped)
                    return true
                }
                guard let level else { return false }
                w.enumValue(F.severityNumber, Self.severityNumber(level))
                level.rawValue.utf8.withContiguousStorageIfAvailable { w.string(F.severityText, $0) }
                return true
            }
            if mapped { scratch.excluded.append(i) }
        }

        var traceWasDecimal = false
        if case let i = scratch.found[plan.trace], i >= 0 {
            let written: Bool = event.fields.withValue(at: i) { kind, raw in
                if let hex = Self.canonicalHex(raw, digits: 32) {
                    w.hexID(F.traceID, hex)
                    return true
                }
                guard case .id(let id, let decimal) = TraceIDNormalizer.traceID(kind, raw) else { return false }
                traceWasDecimal = decimal
                w.id(F.traceID, id, byteCount: 16)
                return true
            }
            if written { scratch.excluded.append(i) }
        }
        if case let i = scratch.found[plan.span], i >= 0 {
            let written: Bool = event.fields.withValue(at: i) { kind, raw in
                if !traceWasDecimal, let hex = Self.canonicalHex(raw, digits: 16) {
                    w.hexID(F.spanID, hex)
                    return true
                }
                guard case .id(let id, _) = TraceIDNormalizer.spanID(kind, raw, preferDecimal: traceWasDecimal) else { return false }
                w.id(F.spanID, id, byteCount: 8)
                return true
            }
            if written { scratch.excluded.append(i) }
        }

        for k in plan.resource where scratch.found[k] >= 0 { scratch.excluded.append(scratch.found[k]) }

        switch body {
        case .wholeEvent:
            let bodyMark = w.beginMessage(F.body)
            let list = w.beginMessage(F.kvlistValue)
            w.beginRepeated(F.values)
            let fields = event.fields.fields
            event.fields.forEachMember { i, key, keyEscaped, kind, raw in
                Self.appendKeyValue(key, keyEscaped: keyEscaped, kind, raw, escaped: fields[i].isValueEscaped, with: &w)
            }
            w.endRepeated()
            w.endMessage(list)
            w.endMessage(bodyMark)
        case .field(let paths):
            for (n, k) in plan.body.enumerated() {
                let i = scratch.found[k]
                if i >= 0, event.fields.fields[i].kind != .null {
                    let escaped = event.fields.fields[i].isValueEscaped
                    event.fields.withValue(at: i) { kind, raw in Self.appendAnyValue(F.body, kind, raw, escaped: escaped, with: &w) }
                    scratch.excluded.append(i)
                    break
                }
                // A nested path (`message.text`): not a top-level member.
                if i < 0, paths[n].isNested, event.fields.withValue(paths[n], { kind, raw -> Bool in
                    guard kind != .null else { return false }
                    Self.appendAnyValue(F.body, kind, raw, escaped: nil, with: &w)
                    return true
                }) == true {
                    break
                }
            }
            w.beginRepeated(F.recordAttributes)
            let excluded = scratch.excluded
            let fields = event.fields.fields
            event.fields.forEachMember { i, key, keyEscaped, kind, raw in
                guard !excluded.contains(i) else { return }
                Self.appendKeyValue(key, keyEscaped: keyEscaped, kind, raw, escaped: fields[i].isValueEscaped, with: &w)
            }
            w.endRepeated()
        }
        w.endItem(record)
    }

    /// A `KeyValue` item of the repeated field being written.
    static func appendKeyValue<W: OTLPWireWriter>(
        _ key: UnsafeBufferPointer<UInt8>, keyEscaped: Bool, _ kind: JSONKind, _ raw: UnsafeBufferPointer<UInt8>,
        escaped: Bool?, with w: inout W
    ) {
        let item = w.beginItem()
        w.jsonString(F.key, key, escaped: keyEscaped)
        Self.appendAnyValue(F.value, kind, raw, escaped: escaped, with: &w)
        w.endItem(item)
    }

    /// An `AnyValue` message in `field` for a JSON value. `escaped` false promises a string
    /// holds no escapes (decoding is skipped); nil: look.
    static func appendAnyValue<W: OTLPWireWriter>(
        _ field: OTLPField, _ kind: JSONKind, _ raw: UnsafeBufferPointer<UInt8>, escaped: Bool?, with w: inout W
    ) {
        let mark = w.beginMessage(field)
        Self.appendAnyValueFields(kind, raw, escaped: escaped, with: &w)
        w.endMessage(mark)
    }

    /// The fields of an `AnyValue` for a JSON value (null: none, an empty value).
    static func appendAnyValueFields<W: OTLPWireWriter>(
        _ kind: JSONKind, _ raw: UnsafeBufferPointer<UInt8>, escaped: Bool?, with w: inout W
    ) {
        switch kind {
        case .string:
            let body = UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast())
            w.jsonString(F.stringValue, body, escaped: escaped ?? body.contains(UInt8(ascii: "\\")))
        case .number:
            if let int = Self.integer(raw) { w.int64(F.intValue, int) } else { w.double(F.doubleValue, Self.double(raw), text: raw) }
        case .bool: w.bool(F.boolValue, raw.first == UInt8(ascii: "t"))
        case .null: break
        case .array:
            let array = w.beginMessage(F.arrayValue)
            w.beginRepeated(F.values)
            try? JSONScanner.forEachElement(ofArray: raw) { kind, element in
                let item = w.beginItem()
                Self.appendAnyValueFields(kind, element, escaped: nil, with: &w)
                w.endItem(item)
            }
            w.endRepeated()
            w.endMessage(array)
        case .object:
            let list = w.beginMessage(F.kvlistValue)
            w.beginRepeated(F.values)
            try? JSONScanner.forEachMember(ofObject: raw) { key, keyEscaped, kind, value in
                Self.appendKeyValue(key, keyEscaped: keyEscaped, kind, value, escaped: nil, with: &w)
            }
            w.endRepeated()
            w.endMessage(list)
        }
    }

    /// The digits of `raw` when it is a JSON string of exactly `digits` lowercase hex digits,
    /// not all zero (an id as the `trace` stage writes it); nil otherwise.
    @inline(__always)
    static func canonicalHex(_ raw: UnsafeBufferPointer<UInt8>, digits: Int) -> UnsafeBufferPointer<UInt8>? {
        guard raw.count == digits + 2, raw[0] == UInt8(ascii: "\""), raw[digits + 1] == UInt8(ascii: "\"") else { return nil }
        var nonZero = false
        for k in 1...digits {
            let b = raw[k]
            guard b &- UInt8(ascii: "0") < 10 || b &- UInt8(ascii: "a") < 6 else { return nil }
            if b != UInt8(ascii: "0") { nonZero = true }
        }
        return nonZero ? UnsafeBufferPointer(rebasing: raw[1...digits]) : nil
    }

    /// A JSON number that is an integer within `Int64` (no fraction, no exponent).
    static func integer(_ raw: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !raw.isEmpty, raw.count <= 20 else { return nil }
        var i = 0
        let negative = raw[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        guard i < raw.count else { return nil }
        var magnitude: UInt64 = 0
        while i < raw.count {
            let d = raw[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(d))
            guard !o1, !o2 else { return nil }
            magnitude = s
            i += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    static func double(_ raw: UnsafeBufferPointer<UInt8>) -> Double {
        NumberBytes.parse(raw) ?? Double(String(decoding: raw, as: UTF8.self)) ?? 0
    }
}
