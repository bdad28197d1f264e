import SluiceCore

/// A label name and value of a stream as sent.
public struct LokiLabelPair: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One entry as sent: which event it came from, its timestamp and line length.
public struct LokiSentEntry: Sendable, Equatable {
    /// Index into the batch given to ``LokiPushEncoder/encode(_:now:into:)``.
    public var eventIndex: Int
    /// Nanoseconds since the epoch.
    public var timestamp: Int64
    /// Bytes of the line as sent.
    public var lineBytes: Int
}

/// One stream as sent, its entries in the order sent (by timestamp).
public struct LokiSentStream: Sendable, Equatable {
    public var labels: [LokiLabelPair]
    public var entries: [LokiSentEntry]
}

/// What a push body holds, to map Loki's answer back to events.
public struct LokiPushSummary: Sendable, Equatable {
    /// The streams in body order.
    public var streams: [LokiSentStream] = []
    /// Events put in the overflow stream because the batch already had `max_streams` streams.
    public var overflowCount = 0
    /// Events not sent, with the limit they break (dead-letter them).
    public var refused: [(eventIndex: Int, reason: LokiRefusalReason)] = []
    /// Events whose line was cut to Loki's line limit.
    public var truncatedCount = 0

    /// Number of entries in the body.
    public var entryCount: Int { streams.reduce(0) { $0 + $1.entries.count } }

    public static func == (a: Self, b: Self) -> Bool {
        a.streams == b.streams && a.overflowCount == b.overflowCount && a.truncatedCount == b.truncatedCount
            && a.refused.map(\.eventIndex) == b.refused.map(\.eventIndex) && a.refused.map(\.reason) == b.refused.map(\.reason)
    }
}

/// Encodes a batch of events as a Loki push body (JSON):
/// `{"streams":[{"stream":{…},"values":[["<ns>","<line>",{<metadata>}],…]},…]}`.
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

    public init(
        labels: LokiLabels, structuredMetadata: [FieldPath] = [FieldPath(key: "trace_id"), FieldPath(key: "span_id")],
        removeLabelFields: Bool = false, maxStreams: Int = 1000, limits: LokiLimits = LokiLimits()
    ) {
        self.labels = labels
        self.structuredMetadata = structuredMetadata
        self.removeLabelFields = removeLabelFields
        self.maxStreams = maxStreams
        self.limits = limits
    }

    private struct PendingEntry {
        var event: Int
        var timestamp: Int64
        var line: Range<Int>
        var metadata: Range<Int>
    }

    /// Appends the push body for `events` to `out`, checking limits against `now` (ns since
    /// the epoch); returns what was sent. Appends nothing when no entry is left to send.
    public func encode(_ events: [Event], now: Int64, into out: inout [UInt8]) -> LokiPushSummary {
        var summary = LokiPushSummary()
        var key: [UInt8] = []
        var streamOf: [[UInt8]: Int] = [:]
        var keys: [[UInt8]] = []
        var pending: [[PendingEntry]] = []
        var overflow: Int?
        // Lines and metadata of the batch, side by side in one buffer.
        var scratch: [UInt8] = []
        var value: [UInt8] = []  // one decoded metadata value at a time
        for (index, event) in events.enumerated() {
            let lineStart = scratch.count
            appendLine(event, to: &scratch)
            let metaStart = scratch.count
            let (metaCount, metaBytes) = appendMetadata(event, to: &scratch, value: &value)
            var lineEnd = metaStart
            switch limits.check(
                timestamp: event.timestamp, lineBytes: metaStart - lineStart, metadataEntries: metaCount,
                metadataBytes: metaBytes, now: now)
            {
            case .refuse(let reason):
                summary.refused.append((index, reason))
                scratch.removeSubrange(lineStart...)
                continue
            case .truncate(let bytes):
                lineEnd = lineStart + LokiLabels.cappedUTF8(scratch, from: lineStart, count: metaStart - lineStart, max: bytes)
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
                PendingEntry(event: index, timestamp: event.timestamp, line: lineStart..<lineEnd, metadata: metaStart..<scratch.count))
        }
        guard !keys.isEmpty else { return summary }
        out.append(contentsOf: #"{"streams":["#.utf8)
        for s in keys.indices {
            if s > 0 { out.append(UInt8(ascii: ",")) }
            var pairs: [LokiLabelPair] = []
            out.append(contentsOf: #"{"stream":{"#.utf8)
            func append(_ name: [UInt8], _ value: ArraySlice<UInt8>) {
                if !pairs.isEmpty { out.append(UInt8(ascii: ",")) }
                JSONStringCodec.appendQuoted(name, to: &out)
                out.append(UInt8(ascii: ":"))
                JSONStringCodec.appendQuoted(value, to: &out)
                pairs.append(LokiLabelPair(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
            }
            if s == overflow {
                labels.forEachStaticPair(append)
                append(Array(Self.overflowLabel.utf8), Array("true".utf8)[...])
            } else {
                labels.forEachPair(ofKey: keys[s][...], append)
                if pairs.isEmpty { append(Array(Self.unlabelledLabel.utf8), Array("true".utf8)[...]) }
            }
            out.append(contentsOf: #"},"values":["#.utf8)
            // Stable: equal timestamps keep batch order.
            let entries = pending[s].enumerated().sorted { a, b in
                (a.element.timestamp, a.offset) < (b.element.timestamp, b.offset)
            }.map(\.element)
            var sent: [LokiSentEntry] = []
            sent.reserveCapacity(entries.count)
            for (n, entry) in entries.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: #"[""#.utf8)
                Self.appendDecimal(entry.timestamp, to: &out)
                out.append(contentsOf: #"","#.utf8)
                scratch.withUnsafeBufferPointer { p in
                    JSONStringCodec.appendQuoted(UnsafeBufferPointer(rebasing: p[entry.line]), to: &out)
                }
                out.append(contentsOf: scratch[entry.metadata])
                out.append(UInt8(ascii: "]"))
                sent.append(LokiSentEntry(eventIndex: entry.event, timestamp: entry.timestamp, lineBytes: entry.line.count))
            }
            out.append(contentsOf: "]}".utf8)
            summary.streams.append(LokiSentStream(labels: pairs, entries: sent))
        }
        out.append(contentsOf: "]}".utf8)
        return summary
    }

    /// Appends the line for `event`: its JSON, without the label fields when configured.
    func appendLine(_ event: Event, to out: inout [UInt8]) {
        guard removeLabelFields else { return event.serialize(into: &out) }
        var copy = event
        if copy.flags.contains(.raw) { copy.wrapLineAsMessage() }
        for path in labels.fieldPaths { _ = copy.fields.remove(path) }
        copy.serialize(into: &out)
    }

    /// Appends `,{"name":"value",…}` for the present metadata fields (nothing when none);
    /// returns the number of entries and their bytes (names and values, as Loki counts them).
    /// `value` is scratch for one decoded value, reused across events.
    func appendMetadata(_ event: Event, to out: inout [UInt8], value: inout [UInt8]) -> (count: Int, bytes: Int) {
        var count = 0
        var bytes = 0
        for path in structuredMetadata {
            value.removeAll(keepingCapacity: true)
            let present: Bool = event.fields.withValue(path) { kind, raw -> Bool in
                switch kind {
                case .null: return false
                case .string: JSONStringCodec.decode(UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast()), into: &value)
                default: value.append(contentsOf: raw)
                }
                return true
            } ?? false
            guard present else { continue }
            if count == 0 { out.append(UInt8(ascii: ",")) }
            out.append(count == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
            JSONStringCodec.appendQuoted(path.literal.bytes, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONStringCodec.appendQuoted(value, to: &out)
            count += 1
            bytes += path.literal.bytes.count + value.count
        }
        if count > 0 { out.append(UInt8(ascii: "}")) }
        return (count, bytes)
    }

    /// Appends `n` in decimal (no `String` per entry).
    static func appendDecimal(_ n: Int64, to out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = n.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") &+ UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out[start...].reverse()
    }
}
