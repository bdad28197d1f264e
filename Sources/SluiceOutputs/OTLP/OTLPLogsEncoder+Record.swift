import SluiceCore

/// One log record: the event's time, observed time, severity, ids, body and attributes
/// (the mapping ``OTLPLogsEncoder`` documents), found in one pass over the event's members.
extension OTLPLogsEncoder {
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
}
