import SluiceCore

extension TraceStage {
    /// What was found in one event.
    struct Found {
        /// The trace id, read; nil when none was found or it was left unread (``traceAt``).
        var trace: UInt128?
        /// The member holding a trace id found canonical where it is written, whose value
        /// was not read (nothing needs it: see ``TraceStage/readsCanonicalLazily``); -1 otherwise.
        var traceAt = -1
        var traceDecimal = false
        /// Index in `trace_id_from` of the field the trace id came from (an index, not the
        /// path: this struct is built per event and must not retain anything).
        var traceSource: Int?
        var span: UInt64?
        /// As ``traceAt``, for the span id.
        var spanAt = -1
        /// Index in `span_id_from` of the field the span id came from.
        var spanSource: Int?
        /// The id was found written in canonical form (lowercase hex string) at its source.
        var traceCanonical = false
        var spanCanonical = false
        var invalidTrace = false
        var invalidSpan = false
        var invalidTraceparent = false
        var fromTraceparent = false

        var hasTrace: Bool { trace != nil || traceAt >= 0 }
        var hasSpan: Bool { span != nil || spanAt >= 0 }

        /// The trace id's value (read now when it was left unread); nil when none was found.
        func traceID(in fields: JSONObject) -> UInt128? {
            trace ?? (traceAt >= 0 ? fields.withValue(at: traceAt) { _, raw in TraceIDNormalizer.canonicalValue(raw, digits: 32) } : nil)
        }

        /// The span id's value (read now when it was left unread); nil when none was found.
        func spanID(in fields: JSONObject) -> UInt64? {
            span ?? (spanAt >= 0 ? fields.withValue(at: spanAt) { _, raw in UInt64(truncatingIfNeeded: TraceIDNormalizer.canonicalValue(raw, digits: 16)) } : nil)
        }
    }

    /// The first valid trace and span ids among the configured sources, and what was invalid.
    /// `at`: where each of ``TraceStage/probeKeys`` is among the members (one pass over them,
    /// ``JSONObject/lastIndices(of:into:)``); a path is read by index.
    func find(in fields: JSONObject, _ at: [Int]) -> Found {
        var found = Found()
        // No member has a key any path starts with (a quarter of the bench's lines): every
        // path would be tried for nothing (620 instructions a line, callgrind).
        if probesEveryPath && !at.contains(where: { $0 >= 0 }) { return found }
        // By index, the paths read only when a probe cannot answer: iterating the configured
        // paths copied each one (two retains and releases per path and event).
        for k in traceProbes.indices {
            // The usual case: canonical where it is written, valid, its value needed by nothing.
            if readsCanonicalLazily, traceSourceIsTarget[k], let index = canonicalAt(traceProbes[k], at, in: fields, digits: 32) {
                found.traceAt = index
                found.traceSource = k
                found.traceCanonical = true
                break
            }
            let parsed = value(options.traceIDFrom, k, traceProbes[k], at, in: fields) { kind, raw in
                TraceIDNormalizer.traceIDNotingCanonical(kind, raw)
            }
            switch parsed?.0 {
            case .id(let v, let decimal)?:
                found.trace = v
                found.traceDecimal = decimal
                found.traceSource = k
                found.traceCanonical = parsed?.1 ?? false
            case .zero?, .malformed?:
                found.invalidTrace = true
                continue
            case nil:
                continue
            }
            break
        }
        for k in spanProbes.indices {
            // A decimal trace id makes 16 decimal digits a decimal span id: read it whole then.
            if readsCanonicalLazily, !found.traceDecimal, spanSourceIsTarget[k], let index = canonicalAt(spanProbes[k], at, in: fields, digits: 16) {
                found.spanAt = index
                found.spanSource = k
                found.spanCanonical = true
                break
            }
            let parsed = value(options.spanIDFrom, k, spanProbes[k], at, in: fields) { kind, raw in
                TraceIDNormalizer.spanIDNotingCanonical(kind, raw, preferDecimal: found.traceDecimal)
            }
            switch parsed?.0 {
            case .id(let v, _)?:
                found.span = UInt64(truncatingIfNeeded: v)
                found.spanSource = k
                found.spanCanonical = parsed?.1 ?? false
            case .zero?, .malformed?:
                found.invalidSpan = true
                continue
            case nil:
                continue
            }
            break
        }
        guard !found.hasTrace || !found.hasSpan else { return found }
        for k in traceparentProbes.indices {
            let parsed: Traceparent?? = value(options.traceparentFrom, k, traceparentProbes[k], at, in: fields) { kind, raw in
                guard kind == .string else { return nil }
                return Traceparent(UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast()))
            }
            guard let parsed else { continue }
            guard let traceparent = parsed else {
                found.invalidTraceparent = true
                continue
            }
            if !found.hasTrace {
                found.trace = traceparent.traceID
                found.fromTraceparent = true
            }
            if !found.hasSpan && found.traceID(in: fields) == traceparent.traceID { found.span = traceparent.parentID }
            break
        }
        return found
    }

    /// Where a source path's keys are in ``TraceStage/probeKeys``: its literal key and its
    /// first segment (the same key for a plain name); -1 when the path is not probed (over
    /// 64 distinct keys) and is always looked up.
    struct Probe {
        let literal: Int
        let first: Int
        /// The path has more than one segment.
        let nested: Bool
    }

    /// The member at `probe`'s literal key when its value is a canonical id of `digits` hex
    /// digits (``TraceIDNormalizer/isCanonicalHex(_:digits:)``); nil otherwise (the value is
    /// then read the usual way).
    @inline(__always)
    func canonicalAt(_ probe: Probe, _ at: [Int], in fields: JSONObject, digits: Int) -> Int? {
        guard probe.literal >= 0, case let index = at[probe.literal], index >= 0 else { return nil }
        return Self.isCanonical(fields, index, digits: digits) ? index : nil
    }

    /// The value at `paths[k]` (`probe` is its probe), read by the index ``JSONObject/lastIndices(of:into:)``
    /// found for its key; nil when absent.
    @inline(__always)
    func value<R>(
        _ paths: [FieldPath], _ k: Int, _ probe: Probe, _ at: [Int], in fields: JSONObject,
        _ body: (JSONKind, UnsafeBufferPointer<UInt8>) -> R
    ) -> R? {
        guard probe.literal >= 0 else { return fields.withValue(paths[k], body) }
        let index = at[probe.literal]
        if index >= 0 { return fields.withValue(at: index, body) }
        // No member has the dotted name whole: a nested path, when its first segment exists.
        guard probe.nested, at[probe.first] >= 0 else { return nil }
        return fields.withValue(paths[k], body)
    }
}
