import CoreMetrics
import SluiceCore

/// `parse_json`: turns each line into fields and finds the event's timestamp.
///
/// A line that is not a JSON object (garbage, truncated, an array, invalid UTF-8) is handled
/// as `on_error` says: `keep` (default) keeps it as `message` with `parse_error: true`;
/// `drop` drops it; `dead_letter` sets it aside for the dead-letter file. Every such line is
/// counted by reason; nothing is dropped silently. A line cut at `max_line_bytes` (almost
/// always not JSON any more) gets `truncated: true` either way.
///
/// Metrics: `sluice_parse_json_events_parsed_total`, `sluice_parse_json_errors_total{reason}`
/// (`empty`, `not_an_object`, `truncated`, `invalid_utf8`, `syntax`, `too_deep`), and as
/// every stage `sluice_stage_events_dropped_total{reason="not_json"}` (`on_error: drop`) or
/// `sluice_stage_events_dead_lettered_total` (`on_error: dead_letter`).
public final class ParseJSONStage: Stage {
    /// The stage's options.
    public struct Options: StageOptions {
        public enum OnError: String, Sendable { case keep, drop, deadLetter = "dead_letter" }

        public static let typeName = "parse_json"
        /// Conditions need fields, which exist only after this stage.
        public static var acceptsCondition: Bool { false }
        /// It makes the fields out of the lines as read.
        public static var takesRawLines: Bool { true }
        /// Fields tried in order for the event time.
        public static let defaultTimestampFields = Event.defaultTimestampFields

        public var onError: OnError = .keep
        public var timestampFields: [FieldPath] = defaultTimestampFields.compactMap(FieldPath.init)

        public init() {}

        public init?(from map: ConfigMapping) {
            if let node = map["on_error"] {
                onError = node.oneOf(["keep", "drop", "dead_letter"]).flatMap(OnError.init(rawValue:)) ?? .keep
            }
            if let node = map["timestamp_field"] {
                var paths: [FieldPath] = []
                for name in node.stringList() ?? [] {
                    if let path = FieldPath(name) { paths.append(path) } else { node.error("\"\(name)\" is not a field path") }
                }
                timestampFields = paths
            }
            map.finish()
            guard map.isValid else { return nil }
        }

        public func makeStage(context: StageContext) -> any Stage {
            ParseJSONStage(options: self, context: context)
        }
    }

    public let name: String
    let options: Options
    let parsed: Counter
    let errors: CounterFamily
    let dropped: Counter
    let deadLettered: Counter

    public init(options: Options = Options(), context: StageContext = StageContext(name: "parse_json")) {
        self.name = context.name
        self.options = options
        let metrics = context.metrics
        parsed = metrics.counter("sluice_parse_json_events_parsed_total")
        errors = metrics.counters("sluice_parse_json_errors_total", by: "reason")
        dropped = metrics.counter("sluice_stage_events_dropped_total", ["reason": "not_json"])
        deadLettered = metrics.counter("sluice_stage_events_dead_lettered_total")
    }

    static let messageKey: FieldPath = FieldPath(key: "message")
    static let parseErrorKey: FieldPath = FieldPath(key: "parse_error")

    public func process(_ batch: inout Batch) {
        var parsed = 0
        var failures: [String: Int] = [:]
        var failed: [Int] = []
        for i in batch.events.indices {
            guard batch.events[i].flags.contains(.raw) else { continue }
            do throws(JSONScanError) {
                let object = try JSONObject(parsing: batch.events[i].line)
                batch.events[i].fields = object
                batch.events[i].flags.remove(.raw)
                batch.events[i].markIfTruncated()
                assignTimestamp(&batch.events[i])
                parsed += 1
            } catch {
                failures[error.reason, default: 0] += 1
                if error == .invalidUTF8 { batch.events[i].flags.insert(.invalidUTF8) }
                batch.events[i].wrapLineAsMessage()
                batch.events[i].fields.setBool(Self.parseErrorKey, true)
                batch.events[i].flags.insert(.parseError)
                failed.append(i)
            }
        }
        self.parsed.add(parsed)
        for (reason, n) in failures { errors.add(n, reason) }
        guard !failed.isEmpty, options.onError != .keep else { return }
        // Set failed lines aside, keeping the others in order.
        let failedSet = Set(failed)
        var kept: [Event] = []
        kept.reserveCapacity(batch.events.count - failed.count)
        for (i, event) in batch.events.enumerated() {
            if !failedSet.contains(i) {
                kept.append(event)
            } else if options.onError == .deadLetter {
                batch.deadLetters.append(DeadLetter(event: event, stage: name, reason: "not a JSON object"))
            }
        }
        if options.onError == .drop {
            batch.droppedCount += failed.count
            dropped.add(failed.count)
        } else {
            deadLettered.add(failed.count)
        }
        batch.events = kept
    }

    func assignTimestamp(_ event: inout Event) {
        for path in options.timestampFields {
            let found: Int64?? = event.fields.withValue(path) { kind, raw in
                TimestampParser.parse(jsonValue: UnsafeRawBufferPointer(raw))
            }
            if let found, let ns = found {
                event.timestamp = ns
                event.flags.remove(.timestampFromReadTime)
                return
            }
        }
    }
}
