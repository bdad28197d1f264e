import CoreMetrics
import SluiceCore

/// `fields`: edits fields, in this order: `rename`, `drop`, `keep_only`, `add`, then level
/// normalisation.
///
/// ```yaml
/// - type: fields
///   rename: { msg: message, lvl: level }
///   drop: [password, debug_blob]
///   keep_only: [timestamp, level, message, trace_id, span_id]   # top-level names
///   add: { pod: "${POD_NAME:-unknown}", replicas: 3 }          # overwrites
///   normalize_level: true                                        # see LevelNormalizer
///   level_field: level
///   numeric_levels: python                                       # python | bunyan | syslog | none
/// ```
///
/// `add` values keep their YAML type: a plain number, `true`/`false` or `null` is written
/// as such, anything else (quoted, or text) as a string. Levels are written in one spelling:
/// debug, info, warning, error, critical; a level that is not recognised is left as it is
/// and counted. Metrics: `sluice_fields_added_total`, `sluice_fields_renamed_total`,
/// `sluice_fields_dropped_total` (fields), `sluice_fields_events_kept_only_total` (events
/// `keep_only` removed fields from), `sluice_fields_levels_total{result}` (`normalized`,
/// `unrecognized`).
public final class FieldsStage: Stage {
    /// The stage's options.
    public struct Options: StageOptions {
        public static let typeName = "fields"

        public var rename: [(from: FieldPath, to: FieldPath)] = []
        public var drop: [FieldPath] = []
        /// Top-level names to keep; nil: keep all.
        public var keepOnly: [FieldKey]?
        /// Fields to set, with their JSON bytes and kind.
        public var add: [(path: FieldPath, json: [UInt8], kind: JSONKind)] = []
        public var normalizeLevel = false
        public var levelField = FieldPath(key: "level")
        public var levels = LevelNormalizer()

        public init() {}

        public init?(from map: ConfigMapping) {
            if let m = map["rename"]?.mapping() {
                for (key, value) in m.entries {
                    _ = m[key]
                    guard let from = FieldPath(key) else {
                        value.error("\"\(key)\" is not a field path")
                        continue
                    }
                    if let to = value.fieldPath() { rename.append((from, to)) }
                }
            }
            if let v = map["drop"], let paths = v.fieldPaths() { drop = paths }
            if let v = map["keep_only"], let names = v.stringList() {
                if names.isEmpty { v.error("must list at least one field (keep_only: [] would empty every event)") }
                // A dotted name keeps its literal top-level key and its first segment.
                keepOnly = names.flatMap { name -> [FieldKey] in
                    guard let path = FieldPath(name) else { return [] }
                    return path.isNested ? [path.literal, path.segments[0]] : [path.literal]
                }
            }
            if let m = map["add"]?.mapping() {
                for (key, value) in m.entries {
                    _ = m[key]
                    guard let path = FieldPath(key) else {
                        value.error("\"\(key)\" is not a field path")
                        continue
                    }
                    if let (json, kind) = Self.jsonValue(value) { add.append((path, json, kind)) }
                }
            }
            if let b = map["normalize_level"]?.bool() { normalizeLevel = b }
            if let p = map["level_field"]?.fieldPath() { levelField = p }
            if let s = map["numeric_levels"]?.oneOf(LevelNormalizer.NumericScheme.allCases.map(\.rawValue)),
                let scheme = LevelNormalizer.NumericScheme(rawValue: s)
            {
                levels = LevelNormalizer(numeric: scheme)
            }
            map.finish()
            if map.isValid, rename.isEmpty, drop.isEmpty, keepOnly == nil, add.isEmpty, !normalizeLevel {
                map.node.error("nothing to do: give at least one of add, rename, drop, keep_only, normalize_level")
            }
            guard map.isValid else { return nil }
        }

        /// A scalar's JSON bytes: typed when plain, a string otherwise.
        static func jsonValue(_ node: ConfigNode) -> ([UInt8], JSONKind)? {
            guard node.isScalar else {
                node.error("expected a scalar value, found \(node.kindDescription)")
                return nil
            }
            if node.isNull { return (Array("null".utf8), .null) }
            guard let text = node.string() else { return nil }
            if node.isPlainScalar {
                if text == "true" || text == "false" { return (Array(text.utf8), .bool) }
                let bytes = Array(text.utf8)
                let isNumber = bytes.withUnsafeBufferPointer { (try? JSONScanner.validateValue($0)) == .number }
                if isNumber { return (bytes, .number) }
            }
            var json: [UInt8] = []
            JSONStringCodec.appendQuoted(text.utf8, to: &json)
            return (json, .string)
        }

        public func makeStage(context: StageContext) -> any Stage {
            FieldsStage(options: self, context: context)
        }
    }

    public let name: String
    let options: Options
    let added: Counter, renamed: Counter, droppedFields: Counter, keptOnly: Counter
    let levelsNormalized: Counter, levelsUnrecognized: Counter
    /// The level spellings as JSON bytes, by level.
    let spelled: [LogLevel: [UInt8]]

    public init(options: Options = Options(), context: StageContext = StageContext(name: "fields")) {
        self.name = context.name
        self.options = options
        let metrics = context.metrics
        added = metrics.counter("sluice_fields_added_total")
        renamed = metrics.counter("sluice_fields_renamed_total")
        droppedFields = metrics.counter("sluice_fields_dropped_total")
        keptOnly = metrics.counter("sluice_fields_events_kept_only_total")
        levelsNormalized = metrics.counter("sluice_fields_levels_total", ["result": "normalized"])
        levelsUnrecognized = metrics.counter("sluice_fields_levels_total", ["result": "unrecognized"])
        var spelled: [LogLevel: [UInt8]] = [:]
        for level in LogLevel.allCases { spelled[level] = level.quoted }
        self.spelled = spelled
    }

    struct Tally {
        var added = 0, renamed = 0, droppedFields = 0, keptOnly = 0, normalized = 0, unrecognized = 0
    }

    public func process(_ batch: inout Batch) {
        var tally = Tally()
        for i in batch.events.indices { edit(&batch.events[i].fields, &tally) }
        added.add(tally.added)
        renamed.add(tally.renamed)
        droppedFields.add(tally.droppedFields)
        keptOnly.add(tally.keptOnly)
        levelsNormalized.add(tally.normalized)
        levelsUnrecognized.add(tally.unrecognized)
    }

    func edit(_ fields: inout JSONObject, _ tally: inout Tally) {
        for (from, to) in options.rename where fields.rename(from, to: to) { tally.renamed += 1 }
        for path in options.drop where fields.remove(path) { tally.droppedFields += 1 }
        if let keep = options.keepOnly, fields.retainMembers(named: keep) { tally.keptOnly += 1 }
        for (path, json, kind) in options.add {
            fields.setRaw(path, json: json, kind: kind)
            tally.added += 1
        }
        if options.normalizeLevel { normalizeLevel(&fields, &tally) }
    }

    func normalizeLevel(_ fields: inout JSONObject, _ tally: inout Tally) {
        let found: (LogLevel?, Bool)? = fields.withValue(options.levelField) { kind, raw in
            guard let level = options.levels.level(kind, raw) else { return (nil, false) }
            return (level, spelled[level]!.elementsEqual(raw))
        }
        guard let (level, alreadyCanonical) = found else { return }
        guard let level else {
            tally.unrecognized += 1
            return
        }
        if !alreadyCanonical {
            fields.setRaw(options.levelField, json: spelled[level]!, kind: .string)
            tally.normalized += 1
        }
    }
}
