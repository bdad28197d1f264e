import SluiceCore

/// Encodes a batch of events as a Loki push body, in the configured ``LokiEncoding``: JSON
/// (``LokiJSONBody``) or protobuf (``LokiProtobufBody``). Grouping, limits and order are
/// the same for both; only the body's bytes differ.
///
/// - Streams are keyed by the event's label values (``LokiLabels``); at most `maxStreams`
///   distinct streams per batch. Further events go to one overflow stream: the static labels
///   plus `sluice_overflow="true"`, counted in ``LokiPushSummary/overflowCount``; an event
///   that has no label at all goes to `{sluice_unlabelled="true"}` (Loki needs one label).
/// - Entries are sorted by timestamp within each stream (stable: equal timestamps keep batch
///   order), so a new stream never refuses its own older entries.
/// - The line is the event's JSON, without the label fields when `removeLabelFields`.
/// - Structured metadata: each configured field that is present, as a string (numbers and
///   booleans as their JSON text, objects and arrays as their JSON); Loki refuses non-strings.
/// - Entries that ``LokiLimits`` refuses are left out and reported in the summary.
public struct LokiPushEncoder: Sendable {
    /// The label added to the overflow stream.
    public static let overflowLabel = "sluice_overflow"
    /// The label of the stream for events with no label value at all.
    public static let unlabelledLabel = "sluice_unlabelled"

    public var labels: LokiLabels
    /// Structured metadata fields; the entry name is the path as written.
    public var structuredMetadata: [FieldPath]
    public var removeLabelFields: Bool
    /// Most distinct streams per batch (the overflow stream not counted).
    public var maxStreams: Int
    public var limits: LokiLimits
    /// The body format ``encode(_:now:into:)`` writes (JSON unless given: the output's
    /// default, protobuf, is ``LokiOptions``'s).
    public var encoding: LokiEncoding

    public init(
        labels: LokiLabels, structuredMetadata: [FieldPath] = [FieldPath(key: "trace_id"), FieldPath(key: "span_id")],
        removeLabelFields: Bool = false, maxStreams: Int = 1000, limits: LokiLimits = LokiLimits(), encoding: LokiEncoding = .json
    ) {
        self.labels = labels
        self.structuredMetadata = structuredMetadata
        self.removeLabelFields = removeLabelFields
        self.maxStreams = maxStreams
        self.limits = limits
        self.encoding = encoding
    }

    /// Appends the push body for `events` to `out` in ``encoding``, checking limits against
    /// `now` (ns since the epoch); returns what was sent. Appends nothing when no entry is
    /// left to send.
    public func encode(_ events: [Event], now: Int64, into out: inout [UInt8]) -> LokiPushSummary {
        encode(events, now: now, as: encoding, into: &out)
    }

    /// Appends the push body for `events` to `out` in `encoding` (the summary is the same
    /// for either).
    public func encode(_ events: [Event], now: Int64, as encoding: LokiEncoding, into out: inout [UInt8]) -> LokiPushSummary {
        var summary = LokiPushSummary()
        let streams = group(events, now: now, summary: &summary)
        guard !streams.streams.isEmpty else { return summary }
        switch encoding {
        case .json: LokiJSONBody.write(streams, to: &out)
        case .protobuf: LokiProtobufBody.write(streams, to: &out)
        }
        return summary
    }

    /// Groups `events` into streams, checking limits against `now`; fills `summary`.
    func group(_ events: [Event], now: Int64, summary: inout LokiPushSummary) -> LokiStreams {
        var batch = LokiStreams()
        batch.metadataNames = structuredMetadata.map(\.literal.bytes)
        var key: [UInt8] = []
        var streamOf: [[UInt8]: Int] = [:]
        var keys: [[UInt8]] = []
        var pending: [[LokiStreams.Entry]] = []
        var overflow: Int?
        for (index, event) in events.enumerated() {
            let lineStart = batch.bytes.count
            appendLine(event, to: &batch.bytes)
            let lineEnd = batch.bytes.count
            let metaStart = batch.metadata.count
            let metaBytes = appendMetadata(event, to: &batch)
            var sentEnd = lineEnd
            switch limits.check(
                timestamp: event.timestamp, lineBytes: lineEnd - lineStart, metadataEntries: batch.metadata.count - metaStart,
                metadataBytes: metaBytes, now: now)
            {
            case .refuse(let reason):
                summary.refused.append((index, reason))
                batch.bytes.removeSubrange(lineStart...)
                batch.metadata.removeSubrange(metaStart...)
                continue
            case .truncate(let bytes):
                sentEnd = lineStart + LokiLabels.cappedUTF8(batch.bytes, from: lineStart, count: lineEnd - lineStart, max: bytes)
                summary.truncatedCount += 1
            case .send:
                break
            }
            key.removeAll(keepingCapacity: true)
            labels.appendStreamKey(of: event, to: &key)
            let stream: Int
            if let s = streamOf[key] {
                stream = s
            } else if keys.count - (overflow == nil ? 0 : 1) < maxStreams {
                stream = keys.count
                streamOf[key] = stream
                keys.append(key)
                pending.append([])
            } else {
                if overflow == nil {
                    overflow = keys.count
                    keys.append([])
                    pending.append([])
                }
                stream = overflow!
                summary.overflowCount += 1
            }
            pending[stream].append(
                LokiStreams.Entry(
                    event: index, timestamp: event.timestamp, line: lineStart..<sentEnd, metadata: metaStart..<batch.metadata.count))
        }
        batch.streams.reserveCapacity(keys.count)
        summary.streams.reserveCapacity(keys.count)
        for s in keys.indices {
            var streamLabels: [LokiStreams.Label] = []
            func append(_ name: [UInt8], _ value: ArraySlice<UInt8>) {
                streamLabels.append(LokiStreams.Label(name: name, value: value))
            }
            if s == overflow {
                labels.forEachStaticPair(append)
                append(Array(Self.overflowLabel.utf8), Array("true".utf8)[...])
            } else {
                labels.forEachPair(ofKey: keys[s][...], append)
                if streamLabels.isEmpty { append(Array(Self.unlabelledLabel.utf8), Array("true".utf8)[...]) }
            }
            // Stable: equal timestamps keep batch order.
            let entries = pending[s].enumerated().sorted { a, b in
                (a.element.timestamp, a.offset) < (b.element.timestamp, b.offset)
            }.map(\.element)
            batch.streams.append(LokiStreams.Stream(labels: streamLabels, entries: entries))
            summary.streams.append(LokiSentStream(
                labels: streamLabels.map { LokiLabelPair(String(decoding: $0.name, as: UTF8.self), String(decoding: $0.value, as: UTF8.self)) },
                entries: entries.map { LokiSentEntry(eventIndex: $0.event, timestamp: $0.timestamp, lineBytes: $0.line.count) }))
        }
        return batch
    }

    /// Appends the line for `event`: its JSON, without the label fields when configured.
    func appendLine(_ event: Event, to out: inout [UInt8]) {
        guard removeLabelFields else { return event.serialize(into: &out) }
        var copy = event
        if copy.flags.contains(.raw) { copy.wrapLineAsMessage() }
        for path in labels.fieldPaths { _ = copy.fields.remove(path) }
        copy.serialize(into: &out)
    }

    /// Appends the present metadata fields of `event` to `batch` (each value, as a string, to
    /// its bytes); returns their bytes (names and values, as Loki counts them).
    func appendMetadata(_ event: Event, to batch: inout LokiStreams) -> Int {
        var bytes = 0
        for (n, path) in structuredMetadata.enumerated() {
            let start = batch.bytes.count
            let present: Bool = event.fields.withValue(path) { kind, raw -> Bool in
                switch kind {
                case .null: return false
                case .string: JSONStringCodec.decode(UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast()), into: &batch.bytes)
                default: batch.bytes.append(contentsOf: raw)
                }
                return true
            } ?? false
            guard present else { continue }
            batch.metadata.append(LokiStreams.Metadata(name: n, value: start..<batch.bytes.count))
            bytes += batch.metadataNames[n].count + batch.bytes.count - start
        }
        return bytes
    }
}
