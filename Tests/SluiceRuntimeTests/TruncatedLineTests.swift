import Testing
@testable import SluiceCore
@testable import SluiceRuntime
@testable import SluiceStages

/// Lines longer than `max_line_bytes`, cut as the tailer cuts them (``LineBlock``), through
/// parse_json and redact: the event says it was cut, and what the cut leaves of a secret at
/// its end is masked like the whole secret would be.
@Suite struct TruncatedLineTests {
    static let maxLineBytes = 256
    static let head = #"{"level":"info","msg":""#

    func chain(_ stages: String) throws -> StageChain {
        let yaml = """
            sources:
              app: { type: file, include: ["/tmp/none/*.jsonl"], max_line_bytes: \(Self.maxLineBytes) }
            stages:
            \(stages)
            outputs:
              out: { type: stdout }
            """
        return StageChain(try Pipelines.loader(environment: [:]).load(text: yaml, file: "p.yaml").get().stages)
    }

    /// The lines cut into events, then run through `chain`.
    /// The lines cut into events (counted as the tailer does, into the chain's registry),
    /// then run through `chain`.
    func run(_ chain: StageChain, _ lines: [String]) -> Batch {
        let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
        let block = LineBlock(
            bytes: ArraySlice(bytes), offset: 0, fileID: 1, readTime: 0, maxLineBytes: Self.maxLineBytes,
            counters: LineCounters(chain.metrics.scope()))
        var batch = Batch()
        block.cut(into: &batch.events)
        chain.process(&batch)
        return batch
    }

    func json(_ event: Event) -> String {
        var out: [UInt8] = []
        event.serialize(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A line whose first `maxLineBytes` bytes end with `before + fragment` (after ordinary
    /// words), followed by `rest`: the cut falls right after `fragment`. Returns the line and
    /// what the cut keeps before `fragment`.
    func line(before: String, fragment: String, rest: String) -> (line: String, kept: String) {
        var filler = ""
        while Self.head.utf8.count + filler.utf8.count + before.utf8.count + fragment.utf8.count < Self.maxLineBytes {
            filler += "lorem "
        }
        let excess = Self.head.utf8.count + filler.utf8.count + before.utf8.count + fragment.utf8.count - Self.maxLineBytes
        filler = "lorem " + String(filler.dropFirst(6 + excess))
        let kept = Self.head + filler + before
        #expect(kept.utf8.count + fragment.utf8.count == Self.maxLineBytes)
        return (kept + fragment + rest + #"","n":1}"#, kept)
    }

    static let redacting = """
          - type: parse_json
          - type: redact
        """

    @Test func anOrdinaryCutLineIsMarkedAndKeepsItsTextUpToTheLastWord() throws {
        let chain = try chain(Self.redacting)
        let (line, kept) = line(before: "", fragment: "consectetur", rest: " adipiscing elit, sed do eiusmod tempor")
        let batch = run(chain, [line, #"{"msg":"short","n":2}"#])
        #expect(batch.events.count == 2)
        let event = try #require(batch.events.first)
        #expect(json(event) == "{" + #""message":"# + quoted(kept + "[REDACTED:truncated]") + #","truncated":true,"parse_error":true}"#)
        #expect(json(batch.events[1]) == #"{"msg":"short","n":2}"#)
        #expect(chain.metrics.counter("sluice_tailer_lines_read_total") == 2)
        #expect(chain.metrics.counter("sluice_tailer_lines_truncated_total") == 1)
        #expect(chain.metrics.counter("sluice_redact_redactions_total", ["component": "stages[1]", "rule": "truncated"]) == 1)
    }

    static let secrets: [(String, String, String)] = [
        // (before the fragment, the fragment the cut leaves, the rest of the secret)
        ("mail ", "user33.leak@exa", "mple.com sent"),
        (#"","user":{"email":""#, "user33.leak@exa", #"mple.com"}"#),
        ("key ", "AKIAP5B35X", "QZ7Q2WLHD ok"),
        ("card ", "4111 1111 1111 11", "11 paid"),
        ("card ", "4111-1111-1111", "-1111 paid"),
        ("card ", "4111 1111 1111 ", "1111 paid"),
        ("card ", "411111111111", "1111 paid"),
        ("iban ", "DE89 3704 0044 05", "32 0130 00 ok"),
        ("call ", "+1 (415) 555-26", "71 now"),
        ("jwt ", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwib", "mFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
        ("from ", "10.12.7", ".44 accepted"),
        ("login ", "password=hunt", "er2 failed"),
        ("auth Bearer ", "abcdef123", "456ghijkl ok"),
    ]

    @Test(arguments: secrets)
    func aSecretCutInTheMiddleIsMaskedWithTheMark(_ before: String, _ fragment: String, _ rest: String) throws {
        let chain = try chain(Self.redacting)
        let (line, kept) = line(before: before, fragment: fragment, rest: rest)
        let batch = run(chain, [line])
        let event = try #require(batch.events.first)
        let out = json(event)
        #expect(event.fields.string(FieldPath(key: "message")) == kept + "[REDACTED:truncated]", "\(out)")
        #expect(out.contains(#""truncated":true"#))
        for piece in fragment.split(whereSeparator: { " -.=@()".contains($0) }) where piece.count >= 2 {
            #expect(!out.contains(piece), "\(piece) survived in \(out)")
        }
    }

    @Test func deadLetteredCutLinesAreMarkedAndRedactedToo() throws {
        let chain = try chain("""
              - type: parse_json
                on_error: dead_letter
              - type: redact
            """)
        let (line, kept) = line(before: "mail ", fragment: "user33.leak@exa", rest: "mple.com")
        let batch = run(chain, [line])
        #expect(batch.events.isEmpty)
        let letter = try #require(batch.deadLetters.first)
        #expect(letter.event.fields.string(FieldPath(key: "message")) == kept + "[REDACTED:truncated]")
        #expect(json(letter.event).contains(#""truncated":true"#))
    }

    @Test func withoutParseJSONTheWrappedLineIsMarked() throws {
        let chain = try chain("""
              - type: redact
            """)
        let (line, kept) = line(before: "key ", fragment: "AKIAP5B35X", rest: "QZ7Q2WLHD")
        let batch = run(chain, [line])
        let event = try #require(batch.events.first)
        #expect(json(event) == "{" + #""message":"# + quoted(kept + "[REDACTED:truncated]") + #","truncated":true}"#)
    }

    @Test func aCutLineThatStillParsesIsMarked() throws {
        let chain = try chain(Self.redacting)
        let line = #"{"msg":"ok","n":1}"# + String(repeating: " ", count: 300)
        let batch = run(chain, [line])
        let event = try #require(batch.events.first)
        #expect(json(event) == #"{"msg":"ok","n":1,"truncated":true}"#)
    }

    func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        JSONStringCodec.appendQuoted(text.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
