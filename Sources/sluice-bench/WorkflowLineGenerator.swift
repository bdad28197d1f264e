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
    private var rng: UInt64
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
        rng = seed
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

    /// SplitMix64.
    @inline(__always)
    private mutating func next() -> UInt64 {
        rng &+= 0x9E37_79B9_7F4A_7C15
        var z = rng
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `2026-11-24T00:00:00.003512Z`
    @inline(__always)
    private func appendTimestamp(to out: inout [UInt8]) {
        Self.appendFixed(year, digits: 4, to: &out)
        out.append(0x2D)
        Self.appendFixed(month, digits: 2, to: &out)
        out.append(0x2D)
        Self.appendFixed(dayOfMonth, digits: 2, to: &out)
        out.append(0x54)
        let seconds = microsOfDay / 1_000_000
        Self.appendFixed(seconds / 3_600, digits: 2, to: &out)
        out.append(0x3A)
        Self.appendFixed(seconds / 60 % 60, digits: 2, to: &out)
        out.append(0x3A)
        Self.appendFixed(seconds % 60, digits: 2, to: &out)
        out.append(0x2E)
        Self.appendFixed(microsOfDay % 1_000_000, digits: 6, to: &out)
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

    // MARK: - Digit formatting

    /// Exactly `digits` (≤ 20) decimal digits, zero-padded; higher digits are dropped.
    @inline(__always)
    private static func appendFixed(_ value: UInt64, digits: Int, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            var v = value
            var i = digits
            while i > 0 {
                i &-= 1
                buf[i] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[0..<digits]))
        }
    }

    /// Shortest decimal representation.
    @inline(__always)
    private static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        if value < 10 {
            out.append(0x30 &+ UInt8(truncatingIfNeeded: value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            var v = value
            var i = 20
            repeat {
                i &-= 1
                buf[i] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            } while v != 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<20]))
        }
    }

    /// `tenths / 10` with one fraction digit, e.g. 4127 → `412.7`.
    @inline(__always)
    private static func appendTenths(_ tenths: UInt64, to out: inout [UInt8]) {
        appendDecimal(tenths / 10, to: &out)
        out.append(0x2E)
        out.append(0x30 &+ UInt8(truncatingIfNeeded: tenths % 10))
    }

    /// The low `digits` (≤ 16) nibbles of `value`, most significant first, lowercase.
    @inline(__always)
    private static func appendHex(_ value: UInt64, digits: Int, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buf in
            var v = value
            var i = digits
            while i > 0 {
                i &-= 1
                let nibble = UInt8(truncatingIfNeeded: v & 0xF)
                buf[i] = nibble < 10 ? 0x30 &+ nibble : 0x57 &+ nibble
                v >>= 4
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[0..<digits]))
        }
    }
}

// MARK: - Precomputed fragments

extension WorkflowLineGenerator {
    /// Constant byte fragments, built once on first use and never freed.
    ///
    /// They are raw buffers rather than `[UInt8]` so that the hot loop appends
    /// them without retain/release traffic (which otherwise dominates the cost
    /// of a line). `nonisolated(unsafe)` is sound: the buffers are written once
    /// inside the lazy static initializer and only read afterwards.
    private enum F {
        typealias Bytes = UnsafeBufferPointer<UInt8>

        static func b(_ s: String) -> Bytes {
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: s.utf8.count)
            _ = buffer.initialize(from: s.utf8)
            return Bytes(buffer)
        }

        static func list(_ strings: [String]) -> UnsafeBufferPointer<Bytes> {
            let buffer = UnsafeMutableBufferPointer<Bytes>.allocate(capacity: strings.count)
            _ = buffer.initialize(from: strings.map(b))
            return UnsafeBufferPointer(buffer)
        }

        nonisolated(unsafe) static let timestampKey = b(#"{"timestamp":""#)
        nonisolated(unsafe) static let levelKey = b(#"","level":""#)
        nonisolated(unsafe) static let loggerKey = b(#"","logger":""#)
        nonisolated(unsafe) static let eventKey = b(#"","event":""#)
        nonisolated(unsafe) static let workflowKey = b(#"","workflow_id":"wf-2026-"#)
        nonisolated(unsafe) static let batchKey = b(#"","batch_id":"b-"#)
        nonisolated(unsafe) static let traceKey = b(#"","trace_id":""#)
        nonisolated(unsafe) static let spanKey = b(#"","span_id":""#)
        nonisolated(unsafe) static let msgKey = b(#","msg":""#)

        nonisolated(unsafe) static let levels = list(["info", "debug", "warning", "error"])
        nonisolated(unsafe) static let loggers = list([
            "ingest", "preprocess", "inference", "postprocess", "delivery",
        ])

        /// Per stage: info (2 variants), debug, warning, error.
        nonisolated(unsafe) static let events = list([
            "data_ingested", "manifest_received", "object_fetch_started", "source_retry",
            "ingest_failed",
            "chunk_embedded", "document_normalized", "chunk_split", "document_truncated",
            "embedding_failed",
            "inference_completed", "inference_completed", "prompt_rendered", "inference_slow",
            "inference_failed",
            "answer_validated", "pii_redacted", "citations_resolved", "schema_coerced",
            "postprocess_failed",
            "delivered", "workflow_completed", "delivery_attempt", "delivery_retry",
            "delivery_failed",
        ])

        // Ingestion.
        nonisolated(unsafe) static let sourceURIKey = b(#","source_uri":""#)
        nonisolated(unsafe) static let sourcePrefixes = list([
            "s3://raw.example.com/acme/part-", "https://feeds.example.org/v2/docs?page=",
            "gs://ingest.example.com/batch-",
        ])
        nonisolated(unsafe) static let sourceSuffixes = list([".parquet", "", ".jsonl"])
        nonisolated(unsafe) static let bytesKey = b(#"","bytes":"#)
        nonisolated(unsafe) static let recordsKey = b(#","records":"#)
        nonisolated(unsafe) static let attemptKey = b(#","attempt":"#)

        // Preprocessing.
        nonisolated(unsafe) static let docIDKey = b(#","doc_id":"doc-"#)
        nonisolated(unsafe) static let chunkIndexKey = b(#"","chunk_index":"#)

        // Inference.
        nonisolated(unsafe) static let models = list([
            #","model":"llama-3.1-8b-instruct""#, #","model":"llama-3.1-70b-instruct""#,
            #","model":"mistral-7b-instruct-v0.3""#, #","model":"qwen2.5-14b-instruct""#,
        ])
        nonisolated(unsafe) static let latencyKey = b(#","latency_ms":"#)
        nonisolated(unsafe) static let tokensInKey = b(#","tokens_in":"#)
        nonisolated(unsafe) static let tokensOutKey = b(#","tokens_out":"#)
        nonisolated(unsafe) static let gpus = list([
            #","gpu":"L4""#, #","gpu":"A100-80GB""#, #","gpu":"H100""#,
        ])

        // Post-processing.
        nonisolated(unsafe) static let scoreKey = b(#","score":0."#)
        nonisolated(unsafe) static let citationsKey = b(#","citations":"#)
        nonisolated(unsafe) static let redactionsKey = b(#","redactions":"#)

        // Delivery.
        nonisolated(unsafe) static let destinations = list([
            #","destination":"https://api.example.com/v1/results""#,
            #","destination":"s3://results.example.org/acme/""#,
            #","destination":"kafka://broker.example.com:9093/results""#,
        ])
        nonisolated(unsafe) static let statusKey = b(#","status_code":"#)

        // Messages with personal data.
        nonisolated(unsafe) static let emailLead = list([
            "results shared with ", "access granted to ", "notification sent to ",
        ])
        nonisolated(unsafe) static let emailNames = list([
            "alice.nguyen", "bob.okafor", "carla.mendes", "dmitri.k", "ops-team", "j.smith",
        ])
        nonisolated(unsafe) static let emailTail = b("@example.com by workflow owner")
        nonisolated(unsafe) static let ipLead = list([
            "request accepted from 203.0.113.", "upstream peer 203.0.113.",
            "client connected from 203.0.113.",
        ])
        nonisolated(unsafe) static let ipTail = b(" port ")

        /// Per stage, a traceback for half of the `error` lines (JSON-escaped).
        nonisolated(unsafe) static let excInfo = list([
            #","exc_info":"Traceback (most recent call last):\n  File \"ingest/s3.py\", line 88, in fetch\nbotocore.exceptions.ClientError: AccessDenied""#,
            #","exc_info":"Traceback (most recent call last):\n  File \"embed.py\", line 41, in embed\ntorch.OutOfMemoryError: CUDA out of memory""#,
            #","exc_info":"Traceback (most recent call last):\n  File \"worker.py\", line 212, in run\nEngineDeadError: worker died""#,
            #","exc_info":"Traceback (most recent call last):\n  File \"validate.py\", line 19, in check\npydantic.ValidationError: 1 validation error""#,
            #","exc_info":"Traceback (most recent call last):\n  File \"deliver.py\", line 57, in post\nhttpx.ConnectTimeout: timed out after 10.0 s""#,
        ])

        /// Three per (stage, level), stages in workflow order, levels info, debug,
        /// warning, error.
        nonisolated(unsafe) static let messages = list([
            // ingestion
            "object downloaded and decoded", "manifest accepted, records queued",
            "source page fetched",
            "listing prefix", "fetch started", "checkpoint loaded",
            "connection reset by peer, retrying with backoff",
            "slow source, throughput below 1 MB/s", "object modified during read, re-fetching",
            "403 Forbidden: bucket policy denies s3:GetObject",
            "source unreachable after 5 attempts", "manifest checksum mismatch",
            // preprocessing
            "chunk embedded and upserted into vector store", "document normalized to utf-8",
            "chunk embedded",
            "split document into chunks", "tokenizer cache hit", "dedup hash computed",
            "document truncated to max_tokens=8192",
            "language detection uncertain, defaulting to en", "empty chunk skipped",
            "CUDA out of memory. Tried to allocate 1.50 GiB",
            "embedding request failed: timeout", "vector store upsert rejected",
            // inference
            "completion finished", "completion finished with finish_reason=stop",
            "streamed completion to client",
            "rendered prompt template rag_answer_v7", "request queued", "kv cache usage 0.42",
            "latency above SLO of 5000 ms", "context truncated to fit model window",
            "rate limited by model router",
            "engine dead: worker process exited with code 137",
            "request timed out after 60 s", "guardrail model unavailable",
            // post-processing
            "answer validated against schema", "redacted 2 emails and 1 phone number",
            "faithfulness score computed",
            "resolved citations to source chunks", "cache miss for scorer",
            "json repaired: trailing comma",
            "coerced field confidence from str to float",
            "low faithfulness score, flagged for review", "citation points to missing chunk",
            "1 validation error for Answer: confidence is not a valid number",
            "scorer crashed: division by zero", "answer rejected by policy filter",
            // delivery
            "result delivered", "workflow completed, all batches delivered",
            "webhook acknowledged",
            "delivery attempt started", "payload compressed with gzip", "connection reused",
            "destination throttled, retrying", "retry scheduled with exponential backoff",
            "slow acknowledgement from destination",
            "delivery failed after 5 attempts", "TLS handshake failed: certificate has expired",
            "dead-lettered after retries exhausted",
        ])
    }
}
