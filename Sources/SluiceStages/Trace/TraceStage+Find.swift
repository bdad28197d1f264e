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
    func find(in fields: JSONObject) -> Found {
        var found = Found()
        // One pass over the members tells which candidate paths can exist at all.
        let present = fields.presentKeys(probeKeys)
        for (k, path) in options.traceIDFrom.enumerated() where present & traceBits[k] != 0 {
            let parsed = fields.withValue(path) { kind, raw in
                let id = TraceIDNormalizer.traceID(kind, raw)
                // Read as hex from exactly that many lowercase digits: already canonical.
                guard case .id(_, decimal: false) = id else { return (id, false) }
                return (id, TraceIDNormalizer.isLowercaseHexString(raw, digits: 32))
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
        for (k, path) in options.spanIDFrom.enumerated() where present & spanBits[k] != 0 {
            let parsed = fields.withValue(path) { kind, raw in
                let id = TraceIDNormalizer.spanID(kind, raw, preferDecimal: found.traceDecimal)
                // Read as hex from exactly that many lowercase digits: already canonical.
                guard case .id(_, decimal: false) = id else { return (id, false) }
                return (id, TraceIDNormalizer.isLowercaseHexString(raw, digits: 16))
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
        for (k, path) in options.traceparentFrom.enumerated() where present & traceparentBits[k] != 0 {
            let parsed: Traceparent?? = fields.withValue(path) { kind, raw in
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
}
