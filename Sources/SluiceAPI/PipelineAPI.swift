import Prometheus
import SluiceCore
import SluiceRuntime

/// The answers of a running agent: metrics from the runner's registry (and the process),
/// liveness from its threads' heartbeats, readiness from its outputs' delivery health,
/// reloads through a ``PipelineReloader``. No answer carries event content.
public struct PipelineAPI: APIRoutes {
    let runner: PipelineRunner
    let reloader: PipelineReloader
    /// `api.ready_failure_window`: seconds an output may fail before the agent is not ready.
    let readyWindow: Double
    /// Seconds a thread may work on one step before it counts as wedged.
    let stallAfter: Double

    public init(runner: PipelineRunner, reloader: PipelineReloader, readyWindow: Double, stallAfter: Double = 120) {
        self.runner = runner
        self.reloader = reloader
        self.readyWindow = readyWindow
        self.stallAfter = stallAfter
    }

    public func metrics() -> String {
        let inFlight = runner.inFlight
        let flight = """
            # HELP sluice_pipeline_batches_in_flight Batches read and not yet acknowledged by every output (delivered, dropped or dead-lettered).
            # TYPE sluice_pipeline_batches_in_flight gauge
            sluice_pipeline_batches_in_flight \(inFlight.batches)
            # HELP sluice_pipeline_bytes_in_flight Bytes read and not yet acknowledged by every output.
            # TYPE sluice_pipeline_bytes_in_flight gauge
            sluice_pipeline_bytes_in_flight \(inFlight.bytes)

            """
        return runner.prometheus.emitToString() + flight + ProgressMetrics.exposition(runner.tailer.progress) + runner.chain.exposition()
            + ProcessMetrics.exposition()
    }

    public func health() -> APIResponse {
        let (alive, threads) = runner.liveness(stallAfter: stallAfter)
        let states = threads.map { name, state in
            let text: String
            switch state {
            case .waiting: text = "waiting"
            case .working(let seconds): text = "working for \(Int(seconds)) s"
            case .ended: text = "ended"
            }
            return JSONText.quoted(name) + ":" + JSONText.quoted(text)
        }
        let body = #"{"status":"# + JSONText.quoted(alive ? "ok" : "stalled") + #","threads":{"# + states.joined(separator: ",") + "}}"
        return .json(alive ? 200 : 503, body)
    }

    public func ready() -> APIResponse {
        let (ready, notRunning, failing) = runner.readiness(window: readyWindow)
        if notRunning { return .json(503, #"{"status":"not ready","reason":"the pipeline is not running"}"#) }
        if ready { return .json(200, #"{"status":"ready"}"#) }
        let outputs = failing.map { output in
            var fields = [
                #""name":"# + JSONText.quoted(output.name),
                #""failing_for_seconds":"# + String(Int(output.failingForSeconds)),
                #""consecutive_failures":"# + String(output.consecutiveFailures),
            ]
            if let since = output.failingSince {
                var text: [UInt8] = []
                Self.timeFormat.format(nanosecondsSinceEpoch: Int64(since * 1e9), into: &text)
                fields.append(#""failing_since":"# + JSONText.quoted(String(decoding: text, as: UTF8.self)))
            }
            return "{" + fields.joined(separator: ",") + "}"
        }
        let body = #"{"status":"not ready","reason":"# + JSONText.quoted("outputs failing for longer than \(Int(readyWindow)) s")
            + #","outputs":["# + outputs.joined(separator: ",") + "]}"
        return .json(503, body)
    }

    static let timeFormat = try! DateFormatPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")

    public func reload() -> APIResponse {
        switch reloader.reload() {
        case .applied(let changes, let warnings):
            return .json(200, #"{"status":"reloaded","changes":["# + changes.map(JSONText.quoted).joined(separator: ",")
                + #"],"warnings":["# + warnings.map(JSONText.quoted).joined(separator: ",") + "]}")
        case .invalid(let errors):
            return .json(400, #"{"status":"invalid","errors":["# + errors.map(JSONText.quoted).joined(separator: ",") + "]}")
        case .refused(let reason):
            return .json(409, #"{"status":"refused","reason":"# + JSONText.quoted(reason) + "}")
        }
    }
}
