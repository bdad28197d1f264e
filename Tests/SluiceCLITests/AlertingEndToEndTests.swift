import Foundation
import Glibc
import SluiceTestSupport
import Testing

/// The alerting path with real components from Debian, started on loopback: the agent turns a
/// generated workflow's logs into metrics and workflow_incomplete events; Prometheus scrapes
/// it and evaluates the shipped rules (deploy/prometheus/sluice-alerts.yml); Alertmanager
/// delivers what fires to a loopback webhook; the agent's own webhook output gets the
/// incomplete runs. Exactly the runs that stopped are reported, by their first missing step.
@Suite(.serialized) struct AlertingEndToEndTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let steps = ["ingestion", "preprocessing", "inference", "post_processing", "delivery"]

    /// A free loopback port (bound, then released for the tool that will listen on it).
    func freePort() throws -> UInt16 {
        let (fd, port) = try Sockets.listen(port: 0)
        close(fd)
        return port
    }

    /// Starts `arguments` (found on PATH), its output discarded; the caller ends it.
    func launch(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// One run's lines: `lastStep` is the index of the last step it logs; its inference line
    /// names `model` and takes `latencyMs`; `error` makes that line an error; `noTraceAt` is
    /// the step logged without a trace id.
    static func run(
        _ n: Int, lastStep: Int = 4, model: String, latencyMs: Int, error: Bool = false, noTraceAt: String? = nil
    ) -> [String] {
        steps.prefix(lastStep + 1).map { step in
            let level = error && step == "inference" ? "ERROR" : "info"
            let event = step == "inference" ? "inference_completed" : "\(step)_done"
            let extra = step == "inference" ? #","model":"\#(model)","model_version":"3","latency_ms":\#(latencyMs)"# : ""
            let trace = step == noTraceAt ? "" : #","trace_id":"4bf92f3577b34da6a3ce929d0e0e47\#(10 + n)""#
            return #"{"level":"\#(level)","step":"\#(step)","event":"\#(event)","workflow_id":"wf-\#(n)"\#(trace)\#(extra)}"#
        }
    }

    /// The shipped alerting pipeline (pipelines/ai-workflow-alerting.yaml, configured through
    /// its environment variables) and the shipped rules (deploy/prometheus/sluice-alerts.yml,
    /// their `for:` shortened to 1 s so the test need not wait minutes; expressions as
    /// shipped). A generated workflow writes logs in two waves (Prometheus must see a series
    /// before it grows for rate() to see the growth): errors in inference, a slow model, lines
    /// without a trace id in delivery, and two runs that stop early. Exactly those alerts fire,
    /// for exactly those labels; Alertmanager delivers them; the agent's webhook gets the error
    /// lines and the two workflow_incomplete events; every Grafana dashboard query is valid
    /// against the same Prometheus and names only metrics it scraped.
    @Test func theShippedRulesFireForExactlyWhatTheWorkflowDid() throws {
        let dir = try TempDirectory("sluice-alerting")
        defer { dir.remove() }
        // The agent's webhook output and Alertmanager's receiver: one loopback server.
        let hooks = try LoopbackHTTPServer { _ in .text(200, "{}", contentType: "application/json") }
        defer { hooks.stop() }
        let es = try FakeElasticsearch()
        defer { es.stop() }
        // Wave 1: wf-1..wf-7; wf-6 stops after inference, wf-7 after preprocessing; wf-2's
        // inference fails; wf-4..wf-7 use the slow model; wf-5 logs delivery without a trace.
        var wave1: [String] = []
        for n in 1...7 {
            wave1 += Self.run(
                n, lastStep: n == 6 ? 2 : n == 7 ? 1 : 4, model: n <= 3 ? "llama-fast" : "llama-slow", latencyMs: n <= 3 ? 400 : 12_000,
                error: n == 2, noTraceAt: n == 5 ? "delivery" : nil)
        }
        // Wave 2: wf-8..wf-14 complete; two more inference errors, the slow model, one more
        // delivery without a trace.
        var wave2: [String] = []
        for n in 8...14 {
            wave2 += Self.run(n, model: "llama-slow", latencyMs: 11_000 + n, error: n == 9 || n == 12, noTraceAt: n == 11 ? "delivery" : nil)
        }
        try dir.write("logs/app.jsonl", "")
        let apiPort = try freePort()
        let agent = try RunningBinary(
            ["run", "-c", "\(Self.repository)/pipelines/ai-workflow-alerting.yaml"],
            environment: [
                "SLUICE_DATA_DIR": dir.file("data"), "SLUICE_API": "127.0.0.1:\(apiPort)", "SLUICE_LOGS": dir.file("logs"),
                "ES_URL": "http://127.0.0.1:\(es.port)", "ALERT_WEBHOOK_URL": "\(hooks.baseURL)/agent", "WORKFLOW_COMPLETE_WITHIN": "2s",
            ])
        defer { if agent.process.isRunning { agent.send(SIGKILL) } }
        #expect(waitUntil(timeout: 30) { agent.stderr.contains(#""msg":"api listening""#) }, "\(agent.stderr.suffix(2000))")

        let amPort = try freePort()
        try dir.write("alertmanager.yml", """
            route: { receiver: hook, group_by: [alertname, missing_step, step, model], group_wait: 1s, group_interval: 1s }
            receivers:
              - name: hook
                webhook_configs: [ { url: "\(hooks.baseURL)/alertmanager" } ]
            """)
        let alertmanager = try launch([
            "prometheus-alertmanager", "--config.file=\(dir.file("alertmanager.yml"))", "--storage.path=\(dir.file("am"))",
            "--web.listen-address=127.0.0.1:\(amPort)", "--cluster.listen-address=",
        ])
        defer { alertmanager.terminate(); alertmanager.waitUntilExit() }
        let shipped = try String(contentsOfFile: "\(Self.repository)/deploy/prometheus/sluice-alerts.yml", encoding: .utf8)
        let rules = shipped.replacingOccurrences(of: #"for: \d+m"#, with: "for: 1s", options: .regularExpression)
        #expect(rules != shipped)
        try dir.write("rules.yml", rules)
        let promPort = try freePort()
        try dir.write("prometheus.yml", """
            global: { scrape_interval: 1s, evaluation_interval: 1s }
            rule_files: ["\(dir.file("rules.yml"))"]
            alerting:
              alertmanagers: [ { static_configs: [ { targets: ["127.0.0.1:\(amPort)"] } ] } ]
            scrape_configs:
              - job_name: sluice
                static_configs: [ { targets: ["127.0.0.1:\(apiPort)"] } ]
            """)
        let prometheus = try launch([
            "prometheus", "--config.file=\(dir.file("prometheus.yml"))", "--storage.tsdb.path=\(dir.file("tsdb"))",
            "--web.listen-address=127.0.0.1:\(promPort)",
        ])
        defer { prometheus.terminate(); prometheus.waitUntilExit() }
        func query(_ expr: String) -> String {
            let encoded = expr.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? expr
            return (try? HTTPTestClient(port: promPort).get("/api/v1/query?query=\(encoded)").text) ?? ""
        }
        func append(_ lines: [String]) throws {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.file("logs/app.jsonl")))
            handle.seekToEndOfFile()
            handle.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            handle.closeFile()
        }

        // Prometheus has the incomplete counters at 0 before any run starts.
        #expect(waitUntil(timeout: 60) { query("sluice_workflow_runs_incomplete_total").contains(#""missing_step":"delivery""#) })
        try append(wave1)
        // Wave 2 once Prometheus has scraped the series wave 1 made.
        #expect(waitUntil(timeout: 60) {
            query(#"ai_workflow_events_total{level="error"}"#).contains(#""step":"inference""#)
                && query(#"ai_workflow_inference_duration_seconds_count{model="llama-slow"}"#).contains(#""model":"llama-slow""#)
                && query("ai_workflow_events_without_trace_total").contains(#""step":"delivery""#)
        }, "wave 1 never reached Prometheus\n\(agent.stderr.suffix(2000))")
        try append(wave2)

        // The agent's own webhook: the three error lines and exactly the two runs that stopped.
        func agentHooks() -> [String] { hooks.requests.filter { $0.path == "/agent" }.map(\.bodyText) }
        func incompleteHooks() -> [String] { agentHooks().filter { $0.contains("workflow_incomplete") }.sorted() }
        #expect(waitUntil(timeout: 60) { incompleteHooks().count >= 2 && agentHooks().count >= 5 }, "\(agentHooks())")
        #expect(incompleteHooks().count == 2)
        #expect(incompleteHooks().first?.contains("(workflow wf-6, last step inference)") == true, "\(incompleteHooks())")
        #expect(incompleteHooks().last?.contains("(workflow wf-7, last step preprocessing)") == true, "\(incompleteHooks())")
        #expect(agentHooks().filter { $0.contains("[error] inference_completed in inference") }.count == 3, "\(agentHooks())")

        // Prometheus: each shipped rule fires for exactly what the workflow did.
        struct Alert: Hashable { var name: String, label: String }
        let expected: Set<Alert> = [
            Alert(name: "WorkflowRunsIncomplete", label: "post_processing"), Alert(name: "WorkflowRunsIncomplete", label: "inference"),
            Alert(name: "WorkflowStepErrorRateHigh", label: "inference"), Alert(name: "InferenceSlow", label: "llama-slow"),
            Alert(name: "EventsWithoutTrace", label: "delivery"),
        ]
        var alerts = ""
        func firing() -> Set<Alert> {
            alerts = (try? HTTPTestClient(port: promPort).get("/api/v1/alerts").text) ?? ""
            guard let json = try? JSONSerialization.jsonObject(with: Data(alerts.utf8)) as? [String: Any],
                let list = (json["data"] as? [String: Any])?["alerts"] as? [[String: Any]]
            else { return [] }
            return Set(list.compactMap { alert -> Alert? in
                guard alert["state"] as? String == "firing", let labels = alert["labels"] as? [String: String], let name = labels["alertname"] else { return nil }
                return Alert(name: name, label: labels["missing_step"] ?? labels["step"] ?? labels["model"] ?? "")
            })
        }
        #expect(waitUntil(timeout: 120) { expected.isSubset(of: firing()) }, "\(alerts)")
        #expect(firing() == expected, "nothing else fires (no Sluice* alert either)\n\(alerts)")
        // Alertmanager delivers each of them.
        func delivered() -> String { hooks.requests.filter { $0.path == "/alertmanager" }.map(\.bodyText).joined(separator: "\n") }
        let names = ["WorkflowRunsIncomplete", "WorkflowStepErrorRateHigh", "InferenceSlow", "EventsWithoutTrace"]
        #expect(waitUntil(timeout: 60) {
            names.allSatisfy { delivered().contains(#""alertname":"\#($0)""#) }
                && delivered().contains(#""missing_step":"post_processing""#) && delivered().contains(#""missing_step":"inference""#)
        }, "\(delivered())")
        // Every line reached Elasticsearch too.
        #expect(waitUntil(timeout: 30) { es.documents.count >= wave1.count + wave2.count + 2 }, "\(es.documents.count) documents")

        // The Grafana dashboard: every query is valid PromQL here, and names only metrics
        // Prometheus scraped from the agent (or that output types this pipeline has none of make).
        let scraped = query("count by (__name__) ({job=\"sluice\"})")
        let otherOutputTypes: Set = ["sluice_output_write_errors_total"]  // file and stdout outputs
        for (title, expr) in try GrafanaDashboard.expressions(atPath: "\(Self.repository)/deploy/grafana/sluice-dashboard.json") {
            let answer = query(expr)
            #expect(answer.contains(#""status":"success""#), "\(title): \(expr)\n\(answer)")
            for name in Self.metricNames(in: expr).subtracting(otherOutputTypes) {
                let seen = scraped.contains(#""__name__":"\#(name)""#)
                #expect(seen, "\(title): \(name) was never scraped")
            }
        }
        agent.send(SIGTERM)
        #expect(agent.wait() == 0, "\(agent.stderr.suffix(2000))")
    }

    /// The metric names an expression reads (Sluice's, the process's and the example
    /// pipeline's), as scraped (a histogram's `_bucket`, `_sum`, `_count`).
    static func metricNames(in expr: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"\b(sluice_[a-z_]+|ai_workflow_[a-z_]+|process_[a-z_]+)\b"#)
        let range = NSRange(expr.startIndex..., in: expr)
        return Set(pattern.matches(in: expr, range: range).compactMap { Range($0.range, in: expr).map { String(expr[$0]) } })
    }
}
