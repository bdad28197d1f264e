import SluiceCore

/// Deterministic generator of large AI-workflow events: one LLM call per line, with the whole
/// `prompt` and `completion` logged (`sluice-bench generate --large`).
///
///     {"timestamp":"2026-11-24T00:00:01.204000Z","level":"info","logger":"inference",
///      "event":"llm_call_completed","workflow_id":"wf-2026-000123","trace_id":"<32 hex>",
///      "span_id":"<16 hex>","model":"llama-3.1-70b-instruct","tokens_in":31022,
///      "tokens_out":12880,"latency_ms":8812.4,"prompt":"…","completion":"…"}
///
/// Properties of the stream:
/// - `prompt` and `completion` are each drawn uniformly between `minBytes` and `maxBytes` of
///   JSON text (as written, escapes included; a field ends with the block that reaches its
///   size, so it may run up to ~2 KB over);
/// - the text is blocks of: prose paragraphs (a RAG context: product documentation, incident
///   notes, policy text; numbered `[n]` sources), bullet lists, code (Python, SQL, shell, YAML)
///   with `\n`, `\t`, `\"` and `\\` escapes, JSON held in a string (chat messages, tool calls:
///   `{\"role\":\"user\",…}`), and request-log excerpts with timestamps, paths and client IPs;
///   some sentences carry `\u00e9`-style escapes (Python's `json.dumps` default) and UTF-8;
/// - personal data now and then, as users paste it: about one sentence in 30 holds an e-mail
///   address, a phone number, an IPv4/IPv6 address, a person's name after a cue, a street
///   address or an API key; about a third of log-excerpt lines hold a client IPv4 address;
/// - timestamps start at 2026-11-24T00:00:00Z and advance 0.1–1.5 s per line.
///
/// The same seed, count and sizes always give the same bytes. Text is appended from
/// precomputed, already escaped fragments, so generation runs at hundreds of MB/s.
struct LargeEventGenerator: Sendable {
    typealias Bytes = WorkflowLineGenerator.F.Bytes

    private var rng: SplitMix64
    private var micros: UInt64 = 0  // since 2026-11-24T00:00:00Z
    private var workflow: UInt64
    private var source = 0
    let minBytes: Int
    let maxBytes: Int

    init(seed: UInt64, minBytes: Int, maxBytes: Int) {
        rng = SplitMix64(state: seed ^ 0x5EED_1A26_E000_0000)
        workflow = 100 + seed % 900
        self.minBytes = max(0, min(minBytes, maxBytes))
        self.maxBytes = max(minBytes, maxBytes)
    }

    mutating func appendLine(to out: inout [UInt8]) {
        let r0 = next()
        let r1 = next()
        if r0 % 3 == 0 { workflow &+= 1 }
        let span = (self.minBytes == self.maxBytes) ? 0 : UInt64(self.maxBytes - self.minBytes + 1)
        let promptBytes = minBytes + (span == 0 ? 0 : Int(next() % span))
        let completionBytes = minBytes + (span == 0 ? 0 : Int(next() % span))

        out.append(contentsOf: WorkflowLineGenerator.F.timestampKey)
        appendTimestamp(to: &out)
        out.append(contentsOf: L.header)
        WorkflowLineGenerator.appendFixed(workflow, digits: 6, to: &out)
        out.append(contentsOf: WorkflowLineGenerator.F.traceKey)
        WorkflowLineGenerator.appendHex(next(), digits: 16, to: &out)
        WorkflowLineGenerator.appendHex(next(), digits: 16, to: &out)
        out.append(contentsOf: WorkflowLineGenerator.F.spanKey)
        WorkflowLineGenerator.appendHex(r1, digits: 16, to: &out)
        out.append(0x22)
        out.append(contentsOf: WorkflowLineGenerator.F.models[Int((r0 >> 8) % 4)])
        out.append(contentsOf: WorkflowLineGenerator.F.tokensInKey)
        WorkflowLineGenerator.appendDecimal(UInt64(promptBytes / 4), to: &out)
        out.append(contentsOf: WorkflowLineGenerator.F.tokensOutKey)
        WorkflowLineGenerator.appendDecimal(UInt64(completionBytes / 4), to: &out)
        out.append(contentsOf: WorkflowLineGenerator.F.latencyKey)
        WorkflowLineGenerator.appendTenths(UInt64(completionBytes / 40) &+ (r0 >> 16) % 20_000, to: &out)

        out.append(contentsOf: L.promptKey)
        source = 0
        out.append(contentsOf: L.systemPrompts[Int((r0 >> 32) % UInt64(L.systemPrompts.count))])
        appendText(bytes: promptBytes, to: &out)
        out.append(contentsOf: L.completionKey)
        source = 0
        appendText(bytes: completionBytes, to: &out)
        out.append(contentsOf: L.close)

        micros &+= 100_000 &+ (r1 >> 40) % 1_400_000
    }

    // MARK: - Text

    /// Blocks until the field holds `bytes` bytes (counted from here).
    private mutating func appendText(bytes: Int, to out: inout [UInt8]) {
        let start = out.count
        while out.count - start < bytes {
            let r = next()
            switch r % 100 {
            case 0..<56: appendParagraph(r >> 8, to: &out)
            case 56..<68: appendList(r >> 8, to: &out)
            case 68..<80: out.append(contentsOf: pick(L.code, r >> 8))
            case 80..<90: out.append(contentsOf: pick(L.jsonInString, r >> 8))
            default: appendLogExcerpt(r >> 8, to: &out)
            }
        }
    }

    private mutating func appendParagraph(_ r: UInt64, to out: inout [UInt8]) {
        if r & 1 == 0 {  // a numbered source of the context
            source &+= 1
            out.append(0x5B)
            WorkflowLineGenerator.appendDecimal(UInt64(source), to: &out)
            out.append(contentsOf: L.sourceClose)
        }
        let count = 3 &+ Int((r >> 1) % 6)
        for i in 0..<count {
            if i > 0 { out.append(0x20) }
            appendSentence(to: &out)
        }
        out.append(contentsOf: L.paragraphEnd)
    }

    private mutating func appendList(_ r: UInt64, to out: inout [UInt8]) {
        out.append(contentsOf: pick(L.listLeads, r))
        let count = 3 &+ Int((r >> 8) % 5)
        for _ in 0..<count {
            out.append(contentsOf: L.bullet)
            appendSentence(to: &out)
            out.append(contentsOf: L.newline)
        }
        out.append(contentsOf: L.newline)
    }

    private mutating func appendSentence(to out: inout [UInt8]) {
        let r = next()
        if r % 30 == 0 {
            out.append(contentsOf: pick(L.personal, r >> 8))
        } else {
            out.append(contentsOf: pick(L.sentences, r >> 8))
        }
    }

    /// `2026-11-23T14:02:11Z GET /v1/orders/48213 200 12ms client=10.0.3.17\n` lines.
    private mutating func appendLogExcerpt(_ r: UInt64, to out: inout [UInt8]) {
        out.append(contentsOf: L.logLead)
        let count = 3 &+ Int(r % 6)
        for _ in 0..<count {
            let l = next()
            out.append(contentsOf: L.logDay)
            WorkflowLineGenerator.appendFixed(l % 24, digits: 2, to: &out)
            out.append(0x3A)
            WorkflowLineGenerator.appendFixed((l >> 5) % 60, digits: 2, to: &out)
            out.append(0x3A)
            WorkflowLineGenerator.appendFixed((l >> 11) % 60, digits: 2, to: &out)
            out.append(contentsOf: L.logZ)
            out.append(contentsOf: pick(L.requests, l >> 17))
            out.append(0x20)
            WorkflowLineGenerator.appendDecimal(1_000 &+ (l >> 22) % 90_000, to: &out)
            out.append(0x20)
            WorkflowLineGenerator.appendDecimal(pickStatus(l >> 39), to: &out)
            out.append(0x20)
            WorkflowLineGenerator.appendDecimal(1 &+ (l >> 42) % 900, to: &out)
            if (l >> 52) % 3 == 0 {
                out.append(contentsOf: L.client)
                WorkflowLineGenerator.appendDecimal((l >> 54) % 256, to: &out)
                out.append(0x2E)
                WorkflowLineGenerator.appendDecimal(1 &+ (l >> 32) % 254, to: &out)
            } else {
                out.append(contentsOf: L.requestID)
                WorkflowLineGenerator.appendHex(l, digits: 12, to: &out)
            }
            out.append(contentsOf: L.newline)
        }
        out.append(contentsOf: L.newline)
    }

    private func pickStatus(_ r: UInt64) -> UInt64 {
        switch r % 8 {
        case 0: return 404
        case 1: return 201
        case 2: return 503
        default: return 200
        }
    }

    private func pick(_ list: UnsafeBufferPointer<Bytes>, _ r: UInt64) -> Bytes {
        list[Int(r % UInt64(list.count))]
    }

    // MARK: - Time, randomness

    private func appendTimestamp(to out: inout [UInt8]) {
        let microsPerDay: UInt64 = 86_400_000_000
        let date = CivilTime.civilFromDays(20_781 + Int64(micros / microsPerDay))  // 2026-11-24
        WorkflowLineGenerator.appendTimestamp(
            year: UInt64(date.year), month: UInt64(date.month), day: UInt64(date.day), microsOfDay: micros % microsPerDay, to: &out)
    }

    private mutating func next() -> UInt64 { rng.next() }
}
