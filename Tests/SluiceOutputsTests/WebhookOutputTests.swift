import Foundation
import SluiceCore
import SluiceTestSupport
import Synchronization
import Testing
@testable import SluiceOutputs

/// The `http` (webhook) output against a loopback receiver.
@Suite struct WebhookOutputTests {
    static func load(_ url: String, _ extra: String = "") -> Result<WebhookOptions, PipelineConfigError> {
        let yaml = """
            sources:
              app: { type: file, include: ["/tmp/none/*.jsonl"] }
            outputs:
              hook:
                type: http
                url: \(url)
                batch: { max_events: 100, max_age: 20ms }
                retry: { initial: 5ms, max: 20ms }
            \(extra)
            """
        let loader = PipelineLoader(stageTypes: [], outputTypes: [WebhookOptions.self], environment: [:])
        return loader.load(text: yaml, file: "/tmp/p.yaml").map { $0.outputs[0].options as! WebhookOptions }
    }

    /// A receiver answering `status(n)` to request number `n` (from 0).
    static func receiver(_ status: @escaping @Sendable (Int) -> Int = { _ in 200 }) throws -> LoopbackHTTPServer {
        let count = Atomic<Int>(0)
        return try LoopbackHTTPServer { _ in
            let n = count.add(1, ordering: .relaxed).oldValue
            return .text(status(n), "{}", contentType: "application/json")
        }
    }

    @Test func ndjsonAndJSONArrayBodies() throws {
        for (format, contentType, body) in [
            ("ndjson", "application/x-ndjson", "{\"n\":1}\n{\"n\":2}\n"), ("json_array", "application/json", #"[{"n":1},{"n":2}]"#),
        ] {
            let server = try Self.receiver()
            defer { server.stop() }
            let harness = try OutputHarness(try Self.load(server.baseURL, "    format: \(format)").get())
            defer { harness.close() }
            let end = try harness.submit([#"{"n":1}"#, #"{"n":2}"#])
            #expect(harness.waitAcknowledged(end))
            #expect(server.requests.count == 1)
            #expect(server.requests.first?.bodyText == body)
            #expect(server.requests.first?.header("content-type") == contentType)
        }
    }

    /// One request per event, from the template; values land JSON-escaped, so the body stays
    /// JSON whatever the line holds.
    @Test func templatesMakeOneRequestPerEvent() throws {
        let server = try Self.receiver()
        defer { server.stop() }
        let options = try Self.load(server.baseURL, """
                format: template
                template: '{"text": "%{[level]} in %{[step]}: %{[msg]} (%{[n]})"}'
            """).get()
        let harness = try OutputHarness(options)
        defer { harness.close() }
        let end = try harness.submit([
            #"{"level":"error","step":"inference","msg":"GPU \"OOM\"\nretrying","n":3}"#,
            #"{"level":"error","step":"delivery","msg":"timeout"}"#,
        ])
        #expect(harness.waitAcknowledged(end))
        let bodies = server.requests.map(\.bodyText)
        #expect(bodies == [
            #"{"text": "error in inference: GPU \"OOM\"\nretrying (3)"}"#,
            #"{"text": "error in delivery: timeout ()"}"#,
        ])
        for body in bodies { #expect((try? JSONSerialization.jsonObject(with: Data(body.utf8))) != nil, "valid JSON: \(body)") }
    }

    @Test func whenSelectsAndTheRateLimitDropsTheRestCounted() throws {
        let server = try Self.receiver()
        defer { server.stop() }
        let harness = try OutputHarness(try Self.load(server.baseURL, """
                when: { level: error }
                max_per_minute: 3
            """).get())
        defer { harness.close() }
        let lines = (0..<20).map { #"{"level":"\#($0 % 2 == 0 ? "error" : "info")","n":\#($0)}"# }
        let end = try harness.submit(lines)
        #expect(harness.waitAcknowledged(end), "everything settled: sent, not selected or rate limited")
        let sent = server.requests.flatMap { $0.bodyText.split(separator: "\n") }
        #expect(sent == [#"{"level":"error","n":0}"#, #"{"level":"error","n":2}"#, #"{"level":"error","n":4}"#])
        #expect(harness.metrics.counter("sluice_webhook_events_not_selected_total") == 10)
        #expect(harness.metrics.counter("sluice_webhook_events_rate_limited_total") == 7)
        #expect(harness.metrics.counter("sluice_output_events_delivered_total") == 3)
    }

    @Test func retriesDeadLettersAndSplitsByTheAnswer() throws {
        // 503 then 200: retried, delivered once.
        let flaky = try Self.receiver { $0 == 0 ? 503 : 200 }
        defer { flaky.stop() }
        let retried = try OutputHarness(try Self.load(flaky.baseURL).get())
        defer { retried.close() }
        let end = try retried.submit([#"{"n":1}"#])
        #expect(retried.waitAcknowledged(end))
        #expect(flaky.requests.count == 2 && retried.deadLetters.letters.isEmpty)

        // 400: the receiver refuses the body; dead-lettered, not retried.
        let refusing = try Self.receiver { _ in 400 }
        defer { refusing.stop() }
        let refused = try OutputHarness(try Self.load(refusing.baseURL).get())
        defer { refused.close() }
        let end2 = try refused.submit([#"{"n":1}"#, #"{"n":2}"#])
        #expect(refused.waitAcknowledged(end2))
        #expect(refusing.requests.count == 1)
        #expect(refused.deadLetters.letters.map(\.reason) == Array(repeating: "the webhook refused the request (HTTP 400)", count: 2))

        // 413 for the pair: split, each half delivered.
        let small = try Self.receiver { $0 == 0 ? 413 : 200 }
        defer { small.stop() }
        let split = try OutputHarness(try Self.load(small.baseURL).get())
        defer { split.close() }
        let end3 = try split.submit([#"{"n":1}"#, #"{"n":2}"#])
        #expect(split.waitAcknowledged(end3))
        #expect(small.requests.map(\.bodyText) == ["{\"n\":1}\n{\"n\":2}\n", "{\"n\":1}\n", "{\"n\":2}\n"])
    }

    @Test func configErrorsNameTheKey() {
        func errors(_ url: String, _ extra: String) -> [String] {
            switch Self.load(url, extra) {
            case .success: return []
            case .failure(let failure): return failure.errors.map(\.description)
            }
        }
        #expect(errors("ftp://x", "").contains { $0.contains("outputs.hook.url") && $0.contains("http://") })
        #expect(errors("http://x", "    format: template").contains { $0.contains("needs template") })
        #expect(errors("http://x", "    template: '{\"a\": \"%{[b]}\"}'").contains { $0.contains("outputs.hook.template") })
        #expect(errors("http://x", "    format: template\n    template: '{\"a\": \"%{b'").contains { $0.contains("field path") })
        #expect(errors("http://x", "    max_per_minute: -1").contains { $0.contains("outputs.hook.max_per_minute") })
    }
}
