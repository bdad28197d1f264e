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

    @Test func incompleteRunsFireAlertsThroughPrometheusAndAlertmanager() throws {
        let dir = try TempDirectory("sluice-alerting")
        defer { dir.remove() }
        // The agent's webhook output and Alertmanager's receiver: one loopback server.
        let hooks = try LoopbackHTTPServer { _ in .text(200, "{}", contentType: "application/json") }
        defer { hooks.stop() }
        // Seven runs: five complete, wf-6 stops after inference, wf-7 after preprocessing;
        // errors in wf-2's inference.
        var lines: [String] = []
        for run in 1...7 {
            let last = run == 6 ? 2 : run == 7 ? 1 : 4
            for (i, step) in Self.steps.enumerated() where i <= last {
                let level = run == 2 && step == "inference" ? "error" : "info"
                lines.append(#"{"level":"\#(level)","step":"\#(step)","event":"\#(step)_done","workflow_id":"wf-\#(run)","trace_id":"4bf92f3577b34da6a3ce929d0e0e47\#(10 + run)"}"#)
            }
        }
        try dir.write("logs/app.jsonl", "")
        let apiPort = try freePort()
        try dir.write("pipeline.yaml", """
            data_dir: \(dir.file("data"))
            api: { listen: "127.0.0.1:\(apiPort)" }
            sources:
              app: { type: file, include: ["\(dir.file("logs"))/*.jsonl"] }
            stages:
              - type: parse_json
              - type: metrics
                prefix: ai_workflow_
                metrics:
                  - { name: events_total, type: counter, labels: { step: "%{[step]}", level: "%{[level]}" } }
              - type: workflow
                key: workflow_id
                step_field: step
                steps: [\(Self.steps.joined(separator: ", "))]
                complete_within: 2s
            outputs:
              alerts:
                type: http
                url: \(hooks.baseURL)/agent
                format: template
                template: '{"text": "%{[event]} %{[workflow_id]} after %{[last_step]}"}'
                when: { event: workflow_incomplete }
                batch: { max_age: 50ms }
            """)
        let agent = try RunningBinary(["run", "-c", dir.file("pipeline.yaml")])
        defer { if agent.process.isRunning { agent.send(SIGKILL) } }
        #expect(waitUntil(timeout: 30) { agent.stderr.contains(#""msg":"api listening""#) }, "\(agent.stderr.suffix(2000))")

        let amPort = try freePort()
        try dir.write("alertmanager.yml", """
            route: { receiver: hook, group_by: [alertname, missing_step], group_wait: 1s, group_interval: 1s }
            receivers:
              - name: hook
                webhook_configs: [ { url: "\(hooks.baseURL)/alertmanager" } ]
            """)
        let alertmanager = try launch([
            "prometheus-alertmanager", "--config.file=\(dir.file("alertmanager.yml"))", "--storage.path=\(dir.file("am"))",
            "--web.listen-address=127.0.0.1:\(amPort)", "--cluster.listen-address=",
        ])
        defer { alertmanager.terminate(); alertmanager.waitUntilExit() }
        let promPort = try freePort()
        try dir.write("prometheus.yml", """
            global: { scrape_interval: 1s, evaluation_interval: 1s }
            rule_files: ["\(Self.repository)/deploy/prometheus/sluice-alerts.yml"]
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

        // Prometheus has the counters at 0 before any run starts (so increase() sees them grow).
        var query = ""
        #expect(waitUntil(timeout: 60) {
            query = (try? HTTPTestClient(port: promPort).get("/api/v1/query?query=sluice_workflow_runs_incomplete_total").text) ?? ""
            return query.contains(#""missing_step":"delivery""#)
        }, "\(query)")
        let handle = try #require(FileHandle(forWritingAtPath: dir.file("logs/app.jsonl")))
        handle.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        handle.closeFile()

        // The agent's own webhook: exactly the two runs that stopped.
        func agentHooks() -> [String] { hooks.requests.filter { $0.path == "/agent" }.map(\.bodyText).sorted() }
        #expect(waitUntil(timeout: 60) { agentHooks().count >= 2 }, "\(agentHooks())")
        #expect(agentHooks() == [
            #"{"text": "workflow_incomplete wf-6 after inference"}"#,
            #"{"text": "workflow_incomplete wf-7 after preprocessing"}"#,
        ])
        // Prometheus: WorkflowRunsIncomplete fires for exactly the first missing steps.
        var alerts = ""
        let firing = waitUntil(timeout: 90) {
            alerts = (try? HTTPTestClient(port: promPort).get("/api/v1/alerts").text) ?? ""
            return alerts.contains(#""missing_step":"post_processing""#) && alerts.contains(#""missing_step":"inference""#)
                && alerts.components(separatedBy: #""state":"firing""#).count - 1 >= 2
        }
        #expect(firing, "\(alerts)")
        #expect(!alerts.contains(#""missing_step":"delivery""#) && !alerts.contains(#""missing_step":"ingestion""#), "\(alerts)")
        // Alertmanager delivers both to its webhook.
        func delivered() -> String { hooks.requests.filter { $0.path == "/alertmanager" }.map(\.bodyText).joined(separator: "\n") }
        #expect(waitUntil(timeout: 60) {
            delivered().contains(#""missing_step":"post_processing""#) && delivered().contains(#""missing_step":"inference""#)
        }, "\(delivered())")
        #expect(delivered().contains(#""alertname":"WorkflowRunsIncomplete""#))
        agent.send(SIGTERM)
        #expect(agent.wait() == 0, "\(agent.stderr.suffix(2000))")
    }
}
