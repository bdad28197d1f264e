import Foundation
import Glibc
import SluiceTestSupport
import Testing

/// The agent's HTTP API with the real binary: `/metrics` adds up to the lines written and is
/// scraped by a real Prometheus (Debian's), `/ready` follows the backend, reloads under load
/// lose and repeat nothing, broken requests leave shipping alone.
@Suite(.serialized) struct APICLITests {
    /// `sluice run` on `config`; returns it with the API's port (from its `api listening` line).
    func start(_ config: String) throws -> (RunningBinary, UInt16) {
        let agent = try RunningBinary(["run", "-c", config])
        #expect(waitUntil(timeout: 30) { agent.stderr.contains(#""msg":"started""#) }, "\(agent.stderr.suffix(2000))")
        let line = try #require(agent.stderr.split(separator: "\n").first { $0.contains(#""msg":"api listening""#) })
        let port = try #require(line.firstRange(of: #""listen":"127.0.0.1:"#).flatMap { range in
            UInt16(line[range.upperBound...].prefix { $0.isNumber })
        })
        return (agent, port)
    }

    func pipeline(_ dir: TempDirectory, esPort: UInt16, extraStages: String = "", window: String = "60s") throws -> String {
        try dir.write("pipeline.yaml", """
            data_dir: \(dir.file("data"))
            shutdown_timeout: 5s
            checkpoints: { interval: 200ms }
            api: { listen: "127.0.0.1:0", ready_failure_window: \(window) }
            sources:
              app: { type: file, include: ["\(dir.file("logs"))/*.log"] }
            stages:
              - type: parse_json
                on_error: dead_letter
              - type: redact
                detectors: [email]
              - type: drop
                when: { level: debug }
            \(extraStages)
            outputs:
              es:
                type: elasticsearch
                url: http://127.0.0.1:\(esPort)
                index: "api-%{+YYYY.MM.dd}"
                batch: { max_events: 100, max_age: 50ms }
                retry: { initial: 10ms, max: 200ms }
            """)
    }

    /// The value of the series `name{labels}` in an exposition (labels as written, or none).
    static func value(_ exposition: String, _ series: String) -> Double? {
        for line in exposition.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    func get(_ port: UInt16, _ path: String) throws -> HTTPTestClient.Response {
        try HTTPTestClient(port: port).get(path)
    }

    @Test func metricsAddUpToTheLinesWrittenAndPrometheusScrapesThem() throws {
        let dir = try TempDirectory("sluice-api")
        defer { dir.remove() }
        let es = try FakeElasticsearch()
        defer { es.stop() }
        es.rejectDocuments(containing: "REJECT")
        var lines: [String] = []
        var debug = 0, malformed = 0, rejected = 0
        for i in 0..<600 {
            if i % 50 == 7 {
                lines.append("not json \(i)")
                malformed += 1
            } else if i % 10 == 0 {
                lines.append(#"{"level":"debug","seq":\#(i)}"#)
                debug += 1
            } else if i % 25 == 3 {
                lines.append(#"{"level":"error","seq":\#(i),"msg":"REJECT me"}"#)
                rejected += 1
            } else {
                lines.append(#"{"level":"info","seq":\#(i),"trace_id":"\#(String(repeating: "0", count: 28))\#(String(1000 + i))","user":"person\#(i)@example.com"}"#)
            }
        }
        // Half, then a rotation by rename, then the other half in a new file.
        try dir.write("logs/app.log", lines[..<300].joined(separator: "\n") + "\n")
        let sampling = """
              - type: sample
                rate: 0.5
              - type: metrics
                prefix: app_
                metrics:
                  - { name: events_total, type: counter, help: Events kept by level., labels: { level: "%{[level]}" } }
            """
        let (agent, port) = try start(try pipeline(dir, esPort: es.port, extraStages: sampling))
        var exposition = ""
        func scrape() -> String {
            exposition = (try? get(port, "/metrics").text) ?? ""
            return exposition
        }
        #expect(waitUntil(timeout: 30) { Self.value(scrape(), "sluice_tailer_lines_read_total") == 300 }, "\(exposition)")
        #expect(rename(dir.file("logs/app.log"), dir.file("logs/app.log.1")) == 0)
        try dir.write("logs/app.log", lines[300...].joined(separator: "\n") + "\n")
        // Every line read and nothing in flight: then every line read is exactly one of
        // delivered, dropped or dead-lettered (an event counted twice or not at all would
        // keep this from ever holding).
        func settled(_ text: String) -> Bool {
            let outcomes = ["sluice_pipeline_events_dropped_total", "sluice_pipeline_events_dead_lettered_total",
                            #"sluice_output_events_delivered_total{output="es",type="elasticsearch"}"#,
                            #"sluice_output_events_dead_lettered_total{output="es",type="elasticsearch"}"#]
            let sum = outcomes.reduce(0.0) { $0 + (Self.value(text, $1) ?? 0) }
            return Self.value(text, "sluice_tailer_lines_read_total") == 600 && Self.value(text, "sluice_pipeline_bytes_in_flight") == 0 && sum == 600
        }
        #expect(waitUntil(timeout: 60) { settled(scrape()) }, "\(exposition)")
        let read = Self.value(exposition, "sluice_tailer_lines_read_total")
        let out = Self.value(exposition, #"sluice_output_events_delivered_total{output="es",type="elasticsearch"}"#)
        let dropped = Self.value(exposition, "sluice_pipeline_events_dropped_total")
        let stageLetters = Self.value(exposition, "sluice_pipeline_events_dead_lettered_total")
        let outputLetters = Self.value(exposition, #"sluice_output_events_dead_lettered_total{output="es",type="elasticsearch"}"#)
        let sampledOut = Self.value(exposition, #"sluice_stage_events_dropped_total{component="stages[3]",reason="sampled_out",type="sample"}"#)
        #expect(read == 600)
        #expect(out == Double(es.documents.count))
        #expect(stageLetters == Double(malformed) && outputLetters == Double(rejected))
        #expect((sampledOut ?? 0) > 0 && dropped == Double(debug) + (sampledOut ?? 0), "\(exposition)")
        #expect((out ?? 0) + (dropped ?? 0) + (stageLetters ?? 0) + (outputLetters ?? 0) == read)
        #expect((Self.value(exposition, "sluice_tailer_rotations_total") ?? 0) >= 1)
        #expect(Self.value(exposition, #"sluice_source_lines_read_total{source="app"}"#) == 600)
        #expect(Self.value(exposition, #"sluice_source_read_bytes_total{source="app"}"#) == Self.value(exposition, "sluice_tailer_read_bytes_total"))
        #expect((Self.value(exposition, #"sluice_redact_redactions_total{component="stages[1]",rule="email",type="redact"}"#) ?? 0) > 0, "\(exposition)")
        // Everything acknowledged: no lag left; the checkpoints are current.
        #expect(waitUntil(timeout: 30) {
            exposition = (try? get(port, "/metrics").text) ?? ""
            return Self.value(exposition, #"sluice_source_lag_bytes{source="app"}"#) == 0
        }, "\(exposition)")
        #expect(Self.value(exposition, #"sluice_file_lag_bytes{file="\#(dir.file("logs/app.log"))",source="app"}"#) == 0)
        #expect((Self.value(exposition, "sluice_tailer_checkpoint_age_seconds") ?? 99) < 10)
        #expect(exposition.contains("# HELP sluice_tailer_lines_read_total "))
        // The metrics stage's own families: every event that left the sampler, by level.
        let kept = ["debug", "info", "error"].compactMap { Self.value(exposition, #"app_events_total{level="\#($0)"}"#) }.reduce(0, +)
        #expect(kept == Self.value(exposition, #"sluice_stage_events_out_total{component="stages[3]",type="sample"}"#), "\(exposition)")
        // Every family has its own help text (MetricHelp), none the fallback.
        let families = exposition.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
        #expect(families.allSatisfy { exposition.contains("# HELP \($0) ") })
        #expect(!exposition.contains("Sluice's sluice_"), "\(exposition.split(separator: "\n").filter { $0.contains("Sluice's") })")
        #expect(Self.value(exposition, #"sluice_stage_events_in_total{component="stages[0]",type="parse_json"}"#) == 600)
        #expect(Self.value(exposition, #"sluice_stage_events_out_total{component="stages[0]",type="parse_json"}"#) == Double(600 - malformed))
        #expect(Self.value(exposition, #"sluice_stage_events_out_total{component="stages[2]",type="drop"}"#) == Double(600 - malformed - debug))
        #expect(exposition.contains("\nprocess_resident_memory_bytes "))
        #expect(exposition.contains(#"sluice_build_info{version="#))
        #expect(!exposition.contains("example.com") && !exposition.contains("REJECT"), "no event content in metrics")
        // Debian's promtool reads it without a complaint.
        try dir.write("metrics.txt", exposition)
        let lint = try ExternalCommand.run(["sh", "-c", "promtool check metrics < \(dir.file("metrics.txt")) 2>&1; echo \"exit $?\""])
        #expect(lint.hasSuffix("exit 0\n"), "\(lint)")
        #expect(try get(port, "/health").status == 200)
        #expect(try get(port, "/ready").status == 200)

        // A real Prometheus scrapes the agent and answers a query with the same count.
        let (listener, promPort) = try Sockets.listen(port: 0)
        close(listener)
        try dir.write("prometheus.yml", """
            global: { scrape_interval: 1s }
            scrape_configs:
              - job_name: sluice
                static_configs: [ { targets: ["127.0.0.1:\(port)"] } ]
            """)
        let prometheus = Process()
        prometheus.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        prometheus.arguments = [
            "prometheus", "--config.file=\(dir.file("prometheus.yml"))", "--storage.tsdb.path=\(dir.file("tsdb"))",
            "--web.listen-address=127.0.0.1:\(promPort)", "--log.level=warn",
        ]
        prometheus.standardOutput = FileHandle.nullDevice
        prometheus.standardError = FileHandle.nullDevice
        try prometheus.run()
        defer {
            prometheus.terminate()
            prometheus.waitUntilExit()
        }
        var answer = ""
        let scraped = waitUntil(timeout: 60) {
            answer = (try? HTTPTestClient(port: promPort).get("/api/v1/query?query=sluice_tailer_lines_read_total").text) ?? ""
            return answer.contains(#""600"]"#)
        }
        #expect(scraped, "\(answer)")
        agent.send(SIGTERM)
        #expect(agent.wait() == 0, "\(agent.stderr.suffix(2000))")
        #expect(!agent.stderr.contains("example.com"), "no event content in the agent's log")
    }

    /// The backend down longer than the window: not ready (503, naming the output), alive
    /// throughout; back to ready once it delivers again.
    @Test func readyFollowsTheBackendAndHealthStaysUp() throws {
        let dir = try TempDirectory("sluice-api")
        defer { dir.remove() }
        let es = try FakeElasticsearch()
        defer { es.stop() }
        es.stop()
        try dir.write("logs/app.log", (0..<50).map { #"{"level":"info","seq":\#($0)}"# }.joined(separator: "\n") + "\n")
        let (agent, port) = try start(try pipeline(dir, esPort: es.port, window: "1s"))
        var answer = ""
        #expect(waitUntil(timeout: 30) {
            guard let ready = try? get(port, "/ready") else { return false }
            answer = ready.text
            return ready.status == 503
        })
        #expect(answer.contains(#""name":"es""#) && answer.contains("consecutive_failures"), "\(answer)")
        #expect(try get(port, "/health").status == 200, "a backend outage never fails liveness")
        try es.restart()
        #expect(waitUntil(timeout: 30) { es.documents.count == 50 && (try? get(port, "/ready").status) == 200 })
        #expect(try get(port, "/health").status == 200)
        agent.send(SIGTERM)
        #expect(agent.wait() == 0, "\(agent.stderr.suffix(2000))")
    }

    /// Lines written throughout while the pipeline is reloaded (a valid change, an invalid
    /// one, a new output) and the API is fed 1,000 broken requests: every line stored once
    /// (deterministic ids make repeats visible), the invalid file answered 400 and the old
    /// pipeline kept.
    @Test func reloadsUnderLoadAndBrokenRequestsLoseAndRepeatNothing() throws {
        let dir = try TempDirectory("sluice-api")
        defer { dir.remove() }
        let es = try FakeElasticsearch()
        defer { es.stop() }
        let config = try pipeline(dir, esPort: es.port)
        try dir.write("logs/app.log", "")
        let (agent, port) = try start(config)
        let total = 6000
        // Threads of their own: blocking work on Dispatch's global queue would starve the
        // pipe readers of other tests' agents on a 2-core machine.
        let finished = DispatchSemaphore(value: 0)
        Thread {
            defer { finished.signal() }
            guard let handle = FileHandle(forWritingAtPath: dir.file("logs/app.log")) else { return }
            for chunk in stride(from: 0, to: total, by: 200) {
                let text = (chunk..<(chunk + 200)).map { #"{"level":"info","seq":\#($0)}"# + "\n" }.joined()
                handle.seekToEndOfFile()
                handle.write(Data(text.utf8))
                usleep(20_000)  // a steady writer, not synchronisation
            }
            handle.closeFile()
        }.start()
        Thread {
            defer { finished.signal() }
            var random = SplitMix(seed: 11)
            for i in 0..<1000 {
                guard let fd = try? Sockets.connect(port: port) else { continue }
                let junk: [UInt8] = i % 2 == 0
                    ? (0..<64).map { _ in UInt8.random(in: 0...255, using: &random) }
                    : Array("GET /metrics HTTP/1.1\r\nX: \(String(repeating: "y", count: 20_000))\r\n\r\n".utf8)
                _ = Sockets.sendAll(fd, junk)
                close(fd)
            }
        }.start()
        // A valid change: a field added from now on.
        let original = try dir.read("pipeline.yaml")
        try dir.write("pipeline.yaml", original.replacingOccurrences(
            of: "    when: { level: debug }\n", with: "    when: { level: debug }\n  - type: fields\n    add: { reloaded: \"yes\" }\n"))
        let applied = try HTTPTestClient(port: port).post("/-/reload", [])
        #expect(applied.status == 200, "\(applied.text)")
        // An invalid one: 400 with the error, the running pipeline kept.
        let good = try dir.read("pipeline.yaml")
        try dir.write("pipeline.yaml", good.replacingOccurrences(of: "detectors: [email]", with: "detectors: [emial]"))
        let invalid = try HTTPTestClient(port: port).post("/-/reload", [])
        #expect(invalid.status == 400 && invalid.text.contains("emial") && invalid.text.contains("pipeline.yaml:"), "\(invalid.text)")
        // A new output, by SIGHUP.
        try dir.write("pipeline.yaml", good + "\n  copy: { type: file, path: \(dir.file("copy.ndjson")), fsync: false }\n")
        agent.send(SIGHUP)
        #expect(waitUntil(timeout: 30) { agent.stderr.contains("output copy added") }, "\(agent.stderr.suffix(2000))")
        #expect(finished.wait(timeout: .now() + 120) == .success && finished.wait(timeout: .now() + 120) == .success)
        #expect(waitUntil(timeout: 120) { es.documents.count >= total }, "\(es.documents.count) of \(total)")
        agent.send(SIGTERM)
        #expect(agent.wait() == 0, "\(agent.stderr.suffix(2000))")
        let seqs = es.documents.compactMap { document -> Int? in
            guard let range = document.sourceText.firstRange(of: #""seq":"#) else { return nil }
            return Int(document.sourceText[range.upperBound...].prefix { $0.isNumber })
        }
        #expect(es.documents.count == total && Set(seqs).count == total, "every line stored exactly once")
        #expect(es.documents.contains { $0.sourceText.contains(#""reloaded":"yes""#) })
        let copied = ((try? dir.read("copy.ndjson")) ?? "").split(separator: "\n")
        #expect(copied.allSatisfy { $0.contains(#""reloaded":"yes""#) }, "the new output gets only what came after it")
        #expect(agent.stderr.contains("reload: the pipeline file is not valid"))
    }
}
