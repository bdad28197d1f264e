import SluiceCore

extension TraceStage {
    /// What was found in one event.
    struct Found {
        var trace: UInt128?
        var traceDecimal = false
        /// Index in `trace_id_from` of the field the trace id came from (an index, not the
        /// path: this struct is built per event and must not retain anything).
        var traceSource: Int?
        var span: UInt64?
        /// Index in `span_id_from` of the field the span id came from.
        var spanSource: Int?
        /// The id was found written in canonical form (lowercase hex string) at its source.
        var traceCanonical = false
        var spanCanonical = false
        var invalidTrace = false
        var invalidSpan = false
        var invalidTraceparent = false
        var fromTraceparent = false
    }

    /// The first valid trace and span ids among the configured sources, and what was invalid.
    /// `at` is scratch for the members' indices.
    func find(in fields: JSONObject, _ at: inout [Int]) -> Found {
        var found = Found()
        // One pass over the members finds every candidate key; a path is then read by index.
        fields.lastIndices(of: probeKeys, into: &at)
        // By index, the paths read only when a probe cannot answer: iterating the configured
        // paths copied each one (two retains and releases per path and event).
        for k in traceProbes.indices {
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
        guard found.trace == nil || found.span == nil else { return found }
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
            if found.trace == nil {
                found.trace = traceparent.traceID
                found.fromTraceparent = true
            }
            if found.span == nil && found.trace == traceparent.traceID { found.span = traceparent.parentID }
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

    /// The value at `paths[k]` (`probe` is its probe), read by the index ``find(in:_:)``
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
