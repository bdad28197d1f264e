import ArgumentParser
import SluiceCore
import SluiceOutputs

/// `sluice health`: asks a running agent whether it is ready, for exec probes and the image's
/// `HEALTHCHECK` (the slim image has no curl).
struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Ask a running agent's API whether it is ready (exit 0) or not (exit 1).",
        discussion: """
            GETs <url>/ready (or /health with --live) and prints the answer. Exit codes: 0 ready \
            (or alive), 1 not ready, no answer, or any other status.

            Example (Dockerfile):
              HEALTHCHECK CMD ["sluice", "health", "--url", "http://127.0.0.1:9598"]
            """)

    @Option(name: .long, help: "The agent's API, as api.listen gives it.")
    var url = "http://127.0.0.1:9598"

    @Flag(name: .long, help: "Ask /health (liveness) instead of /ready.")
    var live = false

    @Option(name: .long, help: "Seconds to wait for the answer.")
    var timeout: Double = 5

    func run() throws {
        var connection = HTTPConnectionOptions(timeout: timeout)
        connection.connectTimeout = min(timeout, 5)
        let client = try HTTPClient(connection: connection, contentType: "application/json", stop: StopSignal())
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        let target = base + (live ? "/health" : "/ready")
        do {
            let response = try client.get(target)
            print(String(decoding: response.body, as: UTF8.self))
            if response.status != 200 {
                printError("\(target): HTTP \(response.status)")
                throw ExitCode(1)
            }
        } catch let error as HTTPTransportError {
            printError("\(target): no answer: \(error)")
            throw ExitCode(1)
        }
    }
}
