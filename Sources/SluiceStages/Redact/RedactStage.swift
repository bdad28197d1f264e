import CoreMetrics
import SluiceCore
import Synchronization

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
    public let name: String
    let settings: RedactSettings
    /// By rule number.
    let redactions: [Counter]
    /// By ``RedactAction`` of `fields:` (drop, mask, hash, partial).
    let fieldActions: [Counter]
    let truncatedFields: Counter, truncatedEvents: Counter
    let eventsRedacted: Counter, regexLimitHits: Counter, deadLettered: Counter
    /// Values found clean in earlier batches (see ``CleanValueMemo``); nil while a batch has it.
    let cleanValues = Mutex<CleanValueMemo?>(nil)

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
        // The memo of clean values passes from batch to batch; a batch running beside
        // another (which holds it) starts with an empty one.
        var engine = RedactEngine(settings: settings, stageName: name, cleanValues: cleanValues.withLock { $0.take() } ?? CleanValueMemo())
        defer { cleanValues.withLock { $0 = engine.cleanValues } }
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
        let failures = processMembers(event.fields, cutMessage: cutMessage, &engine)
        engine.scanning = true
        if !engine.replacements.isEmpty {
            for k in engine.replacements.indices {
                let (index, kind, json) = engine.replacements[k]
                // The only holder of its bytes then: the event takes them as they are.
                engine.replacements[k].2 = []
                event.fields.setValue(at: index, kind: kind, json: json)
            }
            engine.replacements.removeAll(keepingCapacity: true)
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

    /// Redacts every top-level member: puts the replacements to make (index, kind, JSON) in
    /// `engine.replacements`, and returns how many values could not be processed (those are
    /// replaced by a mask). With `cutMessage`, the `message` member is the text of a line
    /// cut at its end.
    ///
    /// Each member is one direct call with typed throws: building a `Result` in a closure per
    /// member cost 0.05 s per million lines in `sluice-bench --mode stages` (0.57 → 0.52).
    func processMembers(_ fields: JSONObject, cutMessage: Bool, _ engine: inout RedactEngine) -> Int {
        var failures = 0
        var decodedKey: [UInt8] = []
        let fieldActions = !settings.fieldActions.isEmpty
        fields.forEachMember { index, rawKey, keyEscaped, kind, value in
            // First of all: a string member that is a timestamp or a hex id under a plain key
            // (see RedactEngine+PlainMembers), or that this key had before, found clean then
            // (not the `message` of a cut line, whose end is masked whatever it holds). Then a
            // short number, a boolean or null under a plain key.
            if kind == .string && !keyEscaped && !(cutMessage && Self.messageKey.literal.bytes.elementsEqual(rawKey))
                && (engine.isPlainTimestampMember(key: rawKey, value: value) || engine.isPlainHexMember(key: rawKey, value: value)
                    || engine.isKnownCleanMember(key: rawKey, value: value))
            {
                return
            }
            if (kind == .number || kind == .bool || kind == .null) && !keyEscaped && engine.isPlainScalarMember(key: rawKey, value: value) { return }
            let result: (JSONKind, [UInt8])?
            do throws(RedactFailure) {
                if keyEscaped {
                    decodedKey.removeAll(keepingCapacity: true)
                    JSONStringCodec.decode(rawKey, into: &decodedKey)
                    result = try decodedKey.withUnsafeBufferPointer { (key) throws(RedactFailure) in
                        try processMember(fields, index, key: key, keyWasEscaped: true, kind: kind, value: value, cutMessage: cutMessage, fieldActions: fieldActions, &engine)
                    }
                } else {
                    result = try processMember(fields, index, key: rawKey, keyWasEscaped: false, kind: kind, value: value, cutMessage: cutMessage, fieldActions: fieldActions, &engine)
                }
            } catch {
                engine.replacements.append((index, .string, Self.unprocessableMask))
                engine.count(RedactRule.unprocessable)
                failures += 1
                return
            }
            if let (newKind, bytes) = result { engine.replacements.append((index, newKind, bytes)) }
        }
        return failures
    }

    /// The replacement for top-level member `index`, whose decoded key is `key`; nil when it
    /// stays (or a `fields:` action already handled it). `fieldActions`: whether there are
    /// `fields:` actions at all; `keyWasEscaped`: whether `key` was decoded (a plain key's
    /// member was looked up among the clean values already).
    @inline(__always)
    func processMember(
        _ fields: JSONObject, _ index: Int, key: UnsafeBufferPointer<UInt8>, keyWasEscaped: Bool, kind: JSONKind, value: UnsafeBufferPointer<UInt8>,
        cutMessage: Bool, fieldActions: Bool, _ engine: inout RedactEngine
    ) throws(RedactFailure) -> (JSONKind, [UInt8])? {
        var skip: [ArraySlice<FieldKey>] = []
        if fieldActions {
            for (path, _) in settings.fieldActions {
                if path.literal.bytes.elementsEqual(key) { return nil }
                if path.isNested && path.segments[0].bytes.elementsEqual(key) { skip.append(path.segments.dropFirst()) }
            }
        }
        if engine.explaining { engine.path = [String(decoding: key, as: UTF8.self)] }
        defer { if engine.explaining { engine.path = [] } }
        let escaped: Bool? = kind == .string ? fields.fields[index].isValueEscaped : nil
        engine.atCut = cutMessage && Self.messageKey.literal.bytes.elementsEqual(key)
        defer { engine.atCut = false }
        // Plain keys were looked up before this call (processMembers); escaped ones, decoded, here.
        if kind == .string && keyWasEscaped && engine.isKnownCleanMember(key: key, value: value) { return nil }
        return try engine.processValue(value, key: key, inheritedVersion: false, skip: skip, depth: 0, escaped: escaped)
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
            engine.count(RedactRule.unprocessable)
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
