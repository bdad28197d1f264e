import CoreMetrics
import SluiceCore

/// `redact`: removes personal data and secrets from every event before it leaves the process.
///
/// Per event, in order:
/// 1. `fields:` actions on chosen paths (drop, mask, hash, partial) — those values are then
///    left alone;
/// 2. members whose key is sensitive (`password`, `api_key`, `authorization`, …) have their
///    whole value masked, at any depth;
/// 3. the built-in detectors and custom patterns run over every string value (top level,
///    nested objects, arrays, `message`), or only over `only_fields:`; matches are replaced
///    per `actions:` (default: `[REDACTED:<rule>]`); JSON numbers that are card numbers are
///    masked too; the `message` of a line cut at `max_line_bytes` then has its end masked as
///    `[REDACTED:truncated]` (see ``CutEnd``);
/// 4. the oversize cap: strings longer than `max_field_bytes` and events longer than
///    `max_event_bytes` are truncated with a marker and a digest.
///
/// Fail closed: a value the stage cannot walk (nesting deeper than 64, bytes that are not
/// JSON) is replaced by `[REDACTED:unprocessable]`, everything else is still redacted, and
/// the event goes to the dead letters instead of the outputs. Events already set aside by
/// earlier stages are redacted too. A custom pattern whose search gives up at its limit (see
/// ``BoundedRegex``) masks the whole string value as its rule. Metrics:
/// `sluice_redact_redactions_total{rule}`, `sluice_redact_field_actions_total{action}`,
/// `sluice_redact_truncations_total{scope}` (`field`, `event`),
/// `sluice_redact_events_redacted_total`, `sluice_redact_regex_limit_hits_total`,
/// `sluice_stage_events_dead_lettered_total`. Nothing from the events is ever put in a
/// label or a reason.
public final class RedactStage: Stage {
    /// The stage's options.
    public struct Options: StageOptions {
        public static let typeName = "redact"

        /// A custom pattern with its action.
        public struct Custom: Sendable {
            public var pattern: CustomPattern
            public var action: RedactAction
        }

        /// Built-in detectors enabled (`detectors:`; default every one).
        public var detectors: DetectorSet = RedactRule.allDetectors
        /// Whole-value actions on chosen paths (`fields:`).
        public var fields: [(path: FieldPath, action: RedactAction)] = []
        /// When not empty, detectors scan only these paths (`only_fields:`).
        public var onlyFields: [FieldPath] = []
        /// Action per rule name for matches (`actions:`; default `mask`).
        public var ruleActions: [(String, RedactAction)] = []
        /// Key names whose values are always masked (`sensitive_keys:`).
        public var sensitiveKeys: [String] = SensitiveKeys.defaults
        public var custom: [Custom] = []
        /// The HMAC key for `hash` (`hmac_key:`).
        public var hmacKey: String = ""
        /// Written before the hex digest of hashed values (`hash_prefix:`).
        public var hashPrefix: String = "hmac:"
        /// Letters and digits kept by `partial` (`partial_keep:`).
        public var partialKeep: Int = 4
        /// Longest string value in bytes before truncation; 0 = no cap (`max_field_bytes:`).
        public var maxFieldBytes: Int = 0
        /// Longest event in bytes before its largest values are truncated; 0 = no cap.
        public var maxEventBytes: Int = 0
        public init() {}

        public init?(from map: ConfigMapping) {
            var usesHash = false
            if let node = map["detectors"] { readDetectors(node) }
            if let node = map["fields"], let m = node.mapping() {
                for (name, value) in m.entries {
                    guard let path = FieldPath(name) else {
                        value.error("\"\(name)\" is not a field path")
                        continue
                    }
                    guard let word = value.oneOf(["drop", "mask", "hash", "partial"]), let action = RedactAction(name: word) else { continue }
                    if action == .hash { usesHash = true }
                    fields.append((path, action))
                }
            }
            if let node = map["only_fields"] {
                for (k, name) in (node.stringList() ?? []).enumerated() {
                    if let path = FieldPath(name) { onlyFields.append(path) } else { node.error("only_fields[\(k)]: \"\(name)\" is not a field path") }
                }
            }
            if let node = map["sensitive_keys"] {
                sensitiveKeys = node.stringList() ?? sensitiveKeys
            }
            if let node = map["custom"], let list = node.list() {
                for item in list {
                    guard let m = item.mapping() else { continue }
                    let name = m.required("name")?.nonEmptyString()
                    let patternNode = m.required("pattern")
                    let pattern = patternNode?.nonEmptyString()
                    var action = RedactAction.mask
                    if let a = m["action"], let word = a.oneOf(["mask", "hash", "partial"]) {
                        action = RedactAction(name: word) ?? .mask
                    }
                    m.finish()
                    guard let name, let pattern, let patternNode else { continue }
                    if RedactRule.builtInNames.contains(name) || custom.contains(where: { $0.pattern.name == name }) {
                        m["name"]?.error("\"\(name)\" is already a rule name")
                        continue
                    }
                    if !name.utf8.allSatisfy({ ByteClass.table[Int($0)] & ByteClass.word != 0 || $0 == UInt8(ascii: "-") }) {
                        m["name"]?.error("a rule name may hold only letters, digits, \"_\" and \"-\"")
                        continue
                    }
                    do throws(BoundedRegex.CompileError) {
                        custom.append(Custom(pattern: try CustomPattern(name: name, pattern: pattern, origin: patternNode.location), action: action))
                        if action == .hash { usesHash = true }
                    } catch {
                        patternNode.error(error.description)
                    }
                }
            }
            if let node = map["actions"], let m = node.mapping() {
                let known = RedactRule.builtInNames.filter { !RedactRule.maskOnlyNames.contains($0) } + custom.map(\.pattern.name)
                for (rule, value) in m.entries {
                    guard known.contains(rule) else {
                        value.error("\"\(rule)\" is not a rule", suggestion: closestSpelling(to: rule, in: known))
                        continue
                    }
                    guard let word = value.oneOf(["mask", "hash", "partial"]), let action = RedactAction(name: word) else { continue }
                    if action == .hash { usesHash = true }
                    ruleActions.append((rule, action))
                }
            }
            let keyNode = map["hmac_key"]
            if let keyNode { hmacKey = keyNode.string() ?? "" }
            if let node = map["hash_prefix"] { hashPrefix = node.string() ?? hashPrefix }
            if let node = map["partial_keep"] { partialKeep = node.int(in: 0...64) ?? partialKeep }
            if let node = map["max_field_bytes"] { maxFieldBytes = node.byteSize(in: 64...Int(Int32.max)) ?? 0 }
            if let node = map["max_event_bytes"] { maxEventBytes = node.byteSize(in: 256...Int(Int32.max)) ?? 0 }
            if usesHash && hmacKey.isEmpty {
                let variable = keyNode?.rawScalar.flatMap { Interpolation.variables(in: $0).first }
                let why = variable.map { " (environment variable \($0) is not set or empty)" } ?? ""
                if let keyNode {
                    keyNode.error("is empty\(why); a hash action needs a secret key")
                } else {
                    map.node.error("hmac_key: missing; a hash action needs a secret key (e.g. hmac_key: ${SLUICE_HMAC_KEY})")
                }
            }
            map.finish()
            guard map.isValid else { return nil }
        }

        mutating func readDetectors(_ node: ConfigNode) {
            guard let names = node.stringList() else { return }
            if names == ["all"] { return }
            var set = DetectorSet()
            let known = RedactRule.detectorNames.map(\.name)
            for name in names {
                if name == "all" {
                    set = RedactRule.allDetectors
                } else if let entry = RedactRule.detectorNames.first(where: { $0.name == name }) {
                    for r in entry.rules { set.insert(r) }
                } else {
                    node.error("\"\(name)\" is not a detector (all, \(known.joined(separator: ", ")))", suggestion: closestSpelling(to: name, in: known))
                }
            }
            detectors = set
        }

        public func makeStage(context: StageContext) -> any Stage {
            RedactStage(options: self, context: context)
        }
    }

    public let name: String
    let settings: RedactSettings
    /// By rule number.
    let redactions: [Counter]
    /// By ``RedactAction`` of `fields:` (drop, mask, hash, partial).
    let fieldActions: [Counter]
    let truncatedFields: Counter, truncatedEvents: Counter
    let eventsRedacted: Counter, regexLimitHits: Counter, deadLettered: Counter

    /// The stage; `context.redactions` set (`dry-run --explain` only) collects what it did.
    public init(options: Options = Options(), context: StageContext = StageContext(name: "redact")) {
        self.name = context.name
        self.settings = RedactSettings(options, recorder: context.redactions)
        let metrics = context.metrics
        redactions = settings.ruleNames.map { metrics.counter("sluice_redact_redactions_total", ["rule": $0]) }
        fieldActions = Self.fieldActionNames.map { metrics.counter("sluice_redact_field_actions_total", ["action": $0]) }
        truncatedFields = metrics.counter("sluice_redact_truncations_total", ["scope": "field"])
        truncatedEvents = metrics.counter("sluice_redact_truncations_total", ["scope": "event"])
        eventsRedacted = metrics.counter("sluice_redact_events_redacted_total")
        regexLimitHits = metrics.counter("sluice_redact_regex_limit_hits_total")
        deadLettered = metrics.counter("sluice_stage_events_dead_lettered_total")
    }

    public func process(_ batch: inout Batch) {
        var engine = RedactEngine(settings: settings, stageName: name)
        var stats = EventStats()
        var failed: [Int] = []
        for i in batch.events.indices {
            if !redact(&batch.events[i], &engine, &stats) { failed.append(i) }
        }
        for i in batch.deadLetters.indices {
            _ = redact(&batch.deadLetters[i].event, &engine, &stats)
        }
        if !failed.isEmpty {
            var kept: [Event] = []
            kept.reserveCapacity(batch.events.count - failed.count)
            var next = 0
            for (i, event) in batch.events.enumerated() {
                if next < failed.count && failed[next] == i {
                    batch.deadLetters.append(DeadLetter(event: event, stage: name, reason: "a value could not be processed by redact"))
                    next += 1
                } else {
                    kept.append(event)
                }
            }
            batch.events = kept
            deadLettered.add(failed.count)
        }
        for (rule, n) in engine.counts.enumerated() { redactions[rule].add(n) }
        for (k, n) in stats.fieldActions.enumerated() { fieldActions[k].add(n) }
        truncatedFields.add(engine.truncatedFields)
        truncatedEvents.add(stats.truncatedEvents)
        eventsRedacted.add(stats.redactedEvents)
        regexLimitHits.add(engine.regexScratch.limitHits)
        if let recorder = settings.recorder { recorder.append(engine.explanations) }
    }

    struct EventStats {
        var fieldActions = [0, 0, 0, 0]
        var truncatedEvents = 0
        var redactedEvents = 0
    }

    static let fieldActionNames = ["drop", "mask", "hash", "partial"]
    static let messageKey = FieldPath(key: "message")
    static let fieldMask: [UInt8] = Array("[REDACTED:field]".utf8)
    static let unprocessableMask: [UInt8] = Array("\"[REDACTED:unprocessable]\"".utf8)

    /// Redacts one event in place; false when part of it could not be processed.
    func redact(_ event: inout Event, _ engine: inout RedactEngine, _ stats: inout EventStats) -> Bool {
        if event.flags.contains(.raw) { event.wrapLineAsMessage() }
        engine.origin = event.origin
        let cutMessage = event.flags.isSuperset(of: [.truncatedLine, .lineInMessage])
        let before = engine.total
        var changed = settings.fieldActions.isEmpty ? false : applyFieldActions(&event.fields, &engine, &stats)
        var ok = true
        // With `only_fields:`, every member still gets the key rules and the oversize cap;
        // the detectors then run over the chosen paths only.
        engine.scanning = settings.onlyFields.isEmpty
        let (replacements, failures) = processMembers(event.fields, cutMessage: cutMessage, &engine)
        engine.scanning = true
        for (index, kind, bytes) in replacements {
            event.fields.setValue(at: index, kind: kind) { $0.append(contentsOf: bytes) }
            changed = true
        }
        if failures > 0 { ok = false }
        for path in settings.onlyFields where !settings.fieldActions.contains(where: { $0.path == path }) {
            engine.atCut = cutMessage && path == Self.messageKey
            if !processPath(&event.fields, path, &engine) { ok = false }
            engine.atCut = false
        }
        if settings.maxEventBytes > 0 && capEvent(&event.fields, &engine) {
            stats.truncatedEvents += 1
            changed = true
        }
        if changed || engine.total != before { stats.redactedEvents += 1 }
        return ok
    }

    /// Applies `fields:`; returns whether anything changed.
    func applyFieldActions(_ fields: inout JSONObject, _ engine: inout RedactEngine, _ stats: inout EventStats) -> Bool {
        var changed = false
        for (path, action) in settings.fieldActions {
            guard let (kind, original) = fields.withValue(path, { kind, raw -> (JSONKind, [UInt8]) in
                guard kind == .string else { return (kind, Array(raw)) }
                var decoded: [UInt8] = []
                JSONStringCodec.decode(UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast()), into: &decoded)
                return (kind, decoded)
            }) else { continue }
            if kind == .null { continue }
            engine.path = [path.description]
            var replacement: [UInt8] = []
            switch action {
            case .drop:
                fields.remove(path)
                stats.fieldActions[0] += 1
            case .mask:
                replacement = Self.fieldMask
                fields.setString(path, replacement)
                stats.fieldActions[1] += 1
            case .hash, .partial:
                original.withUnsafeBufferPointer {
                    settings.replacer.append(action, rule: RedactRule.sensitiveKey, original: $0, into: &replacement)
                }
                fields.setString(path, replacement)
                stats.fieldActions[action == .hash ? 2 : 3] += 1
            }
            if engine.explaining { engine.explain("field:\(action)", original, replacement) }
            engine.path = []
            changed = true
        }
        return changed
    }

    /// Redacts every top-level member; returns the replacements to make (index, kind, JSON)
    /// and how many values could not be processed (those are replaced by a mask). With
    /// `cutMessage`, the `message` member is the text of a line cut at its end.
    func processMembers(_ fields: JSONObject, cutMessage: Bool, _ engine: inout RedactEngine) -> ([(Int, JSONKind, [UInt8])], Int) {
        var replacements: [(Int, JSONKind, [UInt8])] = []
        var failures = 0
        fields.forEachMember { index, rawKey, keyEscaped, kind, value in
            var decodedKey: [UInt8] = []
            if keyEscaped { JSONStringCodec.decode(rawKey, into: &decodedKey) }
            let result: Result<(JSONKind, [UInt8])?, RedactFailure> = decodedKey.withUnsafeBufferPointer { decoded in
                let key = keyEscaped ? decoded : rawKey
                var skip: [ArraySlice<FieldKey>] = []
                for (path, _) in settings.fieldActions {
                    if path.literal.bytes.elementsEqual(key) { return .success(nil) }
                    if path.isNested && path.segments[0].bytes.elementsEqual(key) { skip.append(path.segments.dropFirst()) }
                }
                if engine.explaining { engine.path = [String(decoding: key, as: UTF8.self)] }
                defer { if engine.explaining { engine.path = [] } }
                let escaped: Bool? = kind == .string ? fields.fields[index].isValueEscaped : nil
                engine.atCut = cutMessage && Self.messageKey.literal.bytes.elementsEqual(key)
                defer { engine.atCut = false }
                return Result { () throws(RedactFailure) in
                    try engine.processValue(value, key: key, inheritedVersion: false, skip: skip, depth: 0, escaped: escaped)
                }
            }
            switch result {
            case .success(nil):
                break
            case .success(let (newKind, bytes)?):
                replacements.append((index, newKind, bytes))
            case .failure:
                replacements.append((index, .string, Self.unprocessableMask))
                engine.counts[Int(RedactRule.unprocessable)] += 1
                failures += 1
            }
        }
        return (replacements, failures)
    }

    /// Redacts the value at `path` (for `only_fields:`); false when it could not be processed.
    func processPath(_ fields: inout JSONObject, _ path: FieldPath, _ engine: inout RedactEngine) -> Bool {
        let key = path.segments.last!.bytes
        if engine.explaining { engine.path = [path.description] }
        defer { engine.path = [] }
        let result: Result<(JSONKind, [UInt8])?, RedactFailure>? = fields.withValue(path) { _, raw in
            key.withUnsafeBufferPointer { k in
                Result { () throws(RedactFailure) in
                    try engine.processValue(raw, key: k, inheritedVersion: false, skip: [], depth: 0)
                }
            }
        }
        switch result {
        case nil, .success(nil)?:
            return true
        case .success(let (kind, bytes)?)?:
            fields.set(path, kind: kind) { $0.append(contentsOf: bytes) }
            return true
        case .failure?:
            fields.set(path, kind: .string) { $0.append(contentsOf: Self.unprocessableMask) }
            engine.counts[Int(RedactRule.unprocessable)] += 1
            return false
        }
    }

    /// Truncates the largest values until the event fits `max_event_bytes`; returns whether
    /// anything was cut.
    func capEvent(_ fields: inout JSONObject, _ engine: inout RedactEngine) -> Bool {
        let limit = settings.maxEventBytes
        var size = fields.serialized().count
        var cut = false
        var rounds = 0
        while size > limit && rounds < fields.count {
            rounds += 1
            var largest = -1
            var largestSize = 0
            for k in fields.fields.indices {
                let n = fields.withValue(at: k) { _, raw in raw.count }
                if n > largestSize {
                    largest = k
                    largestSize = n
                }
            }
            // The marker needs about 60 bytes; values that small are not worth cutting.
            guard largest >= 0, largestSize > 96 else { break }
            let keep = max(0, largestSize - (size - limit) - 64)
            var replacement: [UInt8] = []
            fields.withValue(at: largest) { kind, raw in
                var content: [UInt8] = []
                if kind == .string {
                    JSONStringCodec.decode(UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast()), into: &content)
                } else {
                    content = Array(raw)
                }
                var truncated: [UInt8] = []
                content.withUnsafeBufferPointer { Truncation.appendTruncated($0, limit: keep, into: &truncated) }
                if engine.explaining {
                    engine.path = [fields.key(at: largest)]
                    engine.explain("truncated", Array("(\(content.count) bytes)".utf8), truncated.suffix(from: min(truncated.count, keep)))
                    engine.path = []
                }
                JSONStringCodec.appendQuoted(truncated, to: &replacement)
            }
            fields.setValue(at: largest, kind: .string) { $0.append(contentsOf: replacement) }
            cut = true
            size = fields.serialized().count
        }
        return cut
    }
}
