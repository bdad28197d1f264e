/// Deterministic generator of realistic AI-workflow log lines for benchmarks.
///
/// Each call to ``appendLine(to:)`` appends one structlog-style JSON object
/// (no trailing newline) describing an event from one of the five workflow
/// stages: ingestion, preprocessing, inference, post-processing and delivery.
/// Lines look like
///
///     {"timestamp":"2026-11-24T00:00:00.003512Z","level":"info","logger":"inference",
///      "event":"inference_completed","workflow_id":"wf-2026-000123","batch_id":"b-004512",
///      "trace_id":"<32 hex>","span_id":"<16 hex>","model":"llama-3.1-8b-instruct",
///      "latency_ms":412.7,"tokens_in":812,"tokens_out":164,"gpu":"L4","msg":"..."}
///
/// Properties of the stream:
/// - about 300 bytes per line on average (roughly 200–450);
/// - levels: ~80 % `info`, 12 % `debug`, 6 % `warning`, 2 % `error`;
/// - timestamps start at `2026-11-24T00:00:00.000000Z` and increase by 1–6 ms
///   per line (RFC 3339, UTC, microseconds; day, month and year roll over);
/// - stage-specific fields (`source_uri`/`bytes`/`records`, `doc_id`/`chunk_index`,
///   `model`/`latency_ms`/`tokens_in`/`tokens_out`/`gpu`, `score`/`citations`,
///   `destination`/`status_code`);
/// - workflow and batch ids change every few dozen lines; ~75 % of lines carry
///   `trace_id`/`span_id` (the trace id is shared by a batch, the span id is
///   fresh per line), the rest were logged outside any span;
/// - `msg` on ~30 % of lines: ~5 % of all lines have an e-mail address
///   (`name@example.com`) in it and ~5 % an IPv4 address from 203.0.113.0/24;
///   ~1 % of lines (half of the errors) carry an `exc_info` traceback with
///   escaped newlines and quotes instead.
///
/// The same seed always produces the same byte stream. Lines are assembled from
/// precomputed byte fragments with hand-written digit formatting (no `String`
/// work and no reference counting per line, no Foundation), so generation runs
/// at millions of lines per second and does not distort the benchmark it feeds.
struct WorkflowLineGenerator: Sendable {
    private var rng: SplitMix64
    /// Days since 1970-01-01 of the current timestamp.
    private var day: Int64
    /// Civil date of `day`.
    private var year: UInt64 = 0
    private var month: UInt64 = 0
    private var dayOfMonth: UInt64 = 0
    /// Microseconds since midnight of the current timestamp.
    private var microsOfDay: UInt64 = 0
    private var workflow: UInt64
    private var batch: UInt64
    private var traceHi: UInt64 = 0
    private var traceLo: UInt64 = 0
    private var linesLeftInBatch: UInt64 = 0
    private var linesLeftInWorkflow: UInt64 = 0

    /// 2026-11-24 as days since the Unix epoch.
    private static let startDay: Int64 = 20_781
    private static let microsPerDay: UInt64 = 86_400_000_000

    init(seed: UInt64) {
        rng = SplitMix64(state: seed)
        day = Self.startDay
        workflow = 100 + seed % 900
        batch = 4_000 + (seed >> 10) % 5_000
        setDate()
        startBatch()
    }

    /// Returns `count` newline-terminated lines.
    static func generate(count: Int, seed: UInt64) -> [UInt8] {
        let count = max(count, 0)
        var generator = WorkflowLineGenerator(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(count * 320)  // average line plus a margin
        for _ in 0..<count {
            generator.appendLine(to: &out)
            out.append(0x0A)
        }
        return out
    }

    /// Appends one JSON log line (without a trailing newline) to `out`.
    mutating func appendLine(to out: inout [UInt8]) {
        if linesLeftInBatch == 0 { startBatch() }
        linesLeftInBatch &-= 1

        let r0 = next()
        let r1 = next()
        let r2 = next()
        let levelRoll = r0 % 100
        let level: Int = levelRoll < 80 ? 0 : levelRoll < 92 ? 1 : levelRoll < 98 ? 2 : 3
        let stageRoll = (r0 >> 8) % 100
        let stage: Int =
            stageRoll < 15 ? 0 : stageRoll < 40 ? 1 : stageRoll < 70 ? 2 : stageRoll < 85 ? 3 : 4

        out.append(contentsOf: F.timestampKey)
        appendTimestamp(to: &out)
        out.append(contentsOf: F.levelKey)
        out.append(contentsOf: F.levels[level])
        out.append(contentsOf: F.loggerKey)
        out.append(contentsOf: F.loggers[stage])
        out.append(contentsOf: F.eventKey)
        // Per stage: info (2 variants), debug, warning, error.
        let eventChoice = level == 0 ? Int((r0 >> 16) & 1) : level &+ 1
        out.append(contentsOf: F.events[stage &* 5 &+ eventChoice])
        out.append(contentsOf: F.workflowKey)
        Self.appendFixed(workflow, digits: 6, to: &out)
        out.append(contentsOf: F.batchKey)
        Self.appendFixed(batch, digits: 6, to: &out)
        if (r2 >> 32) % 100 < 75 {  // the rest is logged outside any span
            out.append(contentsOf: F.traceKey)
            Self.appendHex(traceHi, digits: 16, to: &out)
            Self.appendHex(traceLo, digits: 16, to: &out)
            out.append(contentsOf: F.spanKey)
            Self.appendHex(r2, digits: 16, to: &out)
        }
        out.append(0x22)  // closes batch_id or span_id

        switch stage {
        case 0: Self.appendIngestion(level: level, r: r1, to: &out)
        case 1: Self.appendPreprocessing(r: r1, to: &out)
        case 2: Self.appendInference(level: level, r: r1, to: &out)
        case 3: Self.appendPostprocessing(r: r1, to: &out)
        default: Self.appendDelivery(level: level, r: r1, to: &out)
        }

        if level == 3 && (r1 >> 63) == 0 {
            out.append(contentsOf: F.excInfo[stage])
        } else {
            Self.appendMessage(stage: stage, level: level, r: r0 >> 24, to: &out)
        }
        out.append(0x7D)  // }

        // Next timestamp: 1–6 ms later.
        microsOfDay &+= 1_000 &+ (r2 >> 40) % 5_000
        if microsOfDay >= Self.microsPerDay {
            microsOfDay -= Self.microsPerDay
            day += 1
            setDate()
        }
    }

    // MARK: - Stage-specific fields

    /// `,"source_uri":"...","bytes":N,"records":N[,"attempt":N]`
    private static func appendIngestion(level: Int, r: UInt64, to out: inout [UInt8]) {
        out.append(contentsOf: F.sourceURIKey)
        let source = Int(r % 3)
        out.append(contentsOf: F.sourcePrefixes[source])
        appendFixed((r >> 8) % 100_000, digits: 5, to: &out)
        out.append(contentsOf: F.sourceSuffixes[source])
        let records = 50 &+ (r >> 24) % 40_000
        out.append(contentsOf: F.bytesKey)
        appendDecimal(records &* (180 &+ (r >> 44) % 1_000), to: &out)
        out.append(contentsOf: F.recordsKey)
        appendDecimal(records, to: &out)
        if level == 2 {
            out.append(contentsOf: F.attemptKey)
            appendDecimal(2 &+ (r >> 60) % 3, to: &out)
        }
    }

    /// `,"doc_id":"doc-xxxxxxxx","chunk_index":N,"latency_ms":N.N`
    private static func appendPreprocessing(r: UInt64, to out: inout [UInt8]) {
        out.append(contentsOf: F.docIDKey)
        appendHex(r, digits: 8, to: &out)
        out.append(contentsOf: F.chunkIndexKey)
        appendDecimal((r >> 40) % 64, to: &out)
        out.append(contentsOf: F.latencyKey)
        appendTenths(20 &+ (r >> 48) % 600, to: &out)
    }

    /// `,"model":"...","latency_ms":N.N,"tokens_in":N[,"tokens_out":N],"gpu":"..."`
    private static func appendInference(level: Int, r: UInt64, to out: inout [UInt8]) {
        out.append(contentsOf: F.models[Int(r % 4)])
        let slow: UInt64 = level >= 2 ? 80_000 : 0
        out.append(contentsOf: F.latencyKey)
        appendTenths(slow &+ 800 &+ (r >> 8) % 45_000, to: &out)
        out.append(contentsOf: F.tokensInKey)
        appendDecimal(64 &+ (r >> 24) % 6_000, to: &out)
        if level != 1 {
            out.append(contentsOf: F.tokensOutKey)
            appendDecimal(1 &+ (r >> 40) % 900, to: &out)
        }
        out.append(contentsOf: F.gpus[Int((r >> 52) % 3)])
    }

    /// `,"score":0.NNNN,"citations":N,"redactions":N`
    private static func appendPostprocessing(r: UInt64, to out: inout [UInt8]) {
        out.append(contentsOf: F.scoreKey)
        appendFixed(3_000 &+ r % 7_000, digits: 4, to: &out)
        out.append(contentsOf: F.citationsKey)
        appendDecimal((r >> 16) % 12, to: &out)
        out.append(contentsOf: F.redactionsKey)
        appendDecimal((r >> 24) % 4, to: &out)
    }

    /// `,"destination":"...","status_code":N,"latency_ms":N.N`
    private static func appendDelivery(level: Int, r: UInt64, to out: inout [UInt8]) {
        out.append(contentsOf: F.destinations[Int(r % 3)])
        out.append(contentsOf: F.statusKey)
        let pick = (r >> 8) % 6
        let status: UInt64
        switch level {
        case 0: status = pick < 3 ? 200 : pick == 3 ? 201 : pick == 4 ? 202 : 204
        case 1: status = pick < 4 ? 200 : 202
        case 2: status = pick < 3 ? 429 : pick < 5 ? 503 : 504
        default: status = pick < 3 ? 502 : pick < 5 ? 500 : 400
        }
        appendDecimal(status, to: &out)
        out.append(contentsOf: F.latencyKey)
        appendTenths(30 &+ (r >> 16) % 9_000, to: &out)
    }

    /// `,"msg":"..."` on ~30 % of lines; a third of those mention an e-mail
    /// address or an IPv4 address. (structlog's `event` is the message for the rest.)
    private static func appendMessage(stage: Int, level: Int, r: UInt64, to out: inout [UInt8]) {
        let roll = r % 100
        if roll >= 30 { return }
        out.append(contentsOf: F.msgKey)
        if roll < 5 {
            out.append(contentsOf: F.emailLead[Int((r >> 8) % 3)])
            out.append(contentsOf: F.emailNames[Int((r >> 16) % 6)])
            out.append(contentsOf: F.emailTail)
        } else if roll < 10 {
            out.append(contentsOf: F.ipLead[Int((r >> 8) % 3)])
            appendDecimal(1 &+ (r >> 16) % 254, to: &out)
            out.append(contentsOf: F.ipTail)
            appendDecimal(1_024 &+ (r >> 24) % 60_000, to: &out)
        } else {
            // Three messages per (stage, level).
            out.append(contentsOf: F.messages[(stage &* 4 &+ level) &* 3 &+ Int((r >> 8) % 3)])
        }
        out.append(0x22)
    }

    // MARK: - Ids, randomness, time

    private mutating func startBatch() {
        if linesLeftInWorkflow == 0 {
            workflow &+= 1
            linesLeftInWorkflow = 2 &+ next() % 5
        }
        linesLeftInWorkflow &-= 1
        batch &+= 1 &+ next() % 3
        traceHi = next()
        traceLo = next()
        linesLeftInBatch = 8 &+ next() % 40
    }

    @inline(__always)
    private mutating func next() -> UInt64 { rng.next() }

    /// `2026-11-24T00:00:00.003512Z`
    @inline(__always)
    private func appendTimestamp(to out: inout [UInt8]) {
        Self.appendTimestamp(year: year, month: month, day: dayOfMonth, microsOfDay: microsOfDay, to: &out)
    }

    /// `yyyy-MM-ddTHH:mm:ss.ffffffZ` of a date and a time of day in microseconds.
    @inline(__always)
    static func appendTimestamp(year: UInt64, month: UInt64, day: UInt64, microsOfDay: UInt64, to out: inout [UInt8]) {
        appendFixed(year, digits: 4, to: &out)
        out.append(0x2D)
        appendFixed(month, digits: 2, to: &out)
        out.append(0x2D)
        appendFixed(day, digits: 2, to: &out)
        out.append(0x54)
        let seconds = microsOfDay / 1_000_000
        appendFixed(seconds / 3_600, digits: 2, to: &out)
        out.append(0x3A)
        appendFixed(seconds / 60 % 60, digits: 2, to: &out)
        out.append(0x3A)
        appendFixed(seconds % 60, digits: 2, to: &out)
        out.append(0x2E)
        appendFixed(microsOfDay % 1_000_000, digits: 6, to: &out)
        out.append(0x5A)
    }

    /// Sets `year`/`month`/`dayOfMonth` from `day` (proleptic Gregorian;
    /// Howard Hinnant's `civil_from_days`).
    private mutating func setDate() {
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let m = mp < 10 ? mp + 3 : mp - 9
        year = UInt64(clamping: yoe + era * 400 + (m <= 2 ? 1 : 0))
        month = UInt64(clamping: m)
        dayOfMonth = UInt64(clamping: doy - (153 * mp + 2) / 5 + 1)
    }
}
