import Foundation
import SluiceTestSupport
import Testing

/// Credentials in an output's URL (user:password@, tokens in the query) never reach the
/// agent's logs, errors or dry-run output.
@Suite struct URLCredentialsCLITests {
    static let secret = "s3cretPW"

    func pipeline(_ dir: TempDirectory, port: UInt16, elasticsearchURL: String? = nil) throws -> String {
        try dir.write("logs/app.log", "{\"seq\":1}\n")
        return try dir.write("pipeline.yaml", """
            data_dir: \(dir.file("data"))
            shutdown_timeout: 2s
            sources:
              app: { type: file, include: ["\(dir.file("logs"))/*.log"], start_at: beginning }
            stages:
              - type: parse_json
            outputs:
              es:
                type: elasticsearch
                url: \(elasticsearchURL ?? "http://elastic:\(Self.secret)@127.0.0.1:\(port)")
                index: logs
                retry: { initial: 10ms, max: 50ms }
              loki:
                type: loki
                url: http://loki:\(Self.secret)@127.0.0.1:\(port)
                labels: { app: test }
                retry: { initial: 10ms, max: 50ms }
            """)
    }

    @Test func runLogsTheOutputURLsWithoutTheirPassword() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let closed = try RefusingPort()
        defer { closed.close() }
        let config = try pipeline(dir, port: closed.port)
        let agent = try RunningBinary(["run", "-c", config])
        defer { if agent.process.isRunning { agent.send(SIGKILL) } }
        #expect(waitUntil(timeout: 30) {
            agent.stderr.contains("cannot reach elasticsearch") && agent.stderr.contains("loki did not take the batch")
        }, "\(agent.stderr.suffix(2000))")
        agent.send(SIGTERM)
        agent.wait()
        let stderr = agent.stderr
        #expect(stderr.contains("127.0.0.1:\(closed.port)"), "the URL is still logged, without its credentials")
        #expect(!stderr.contains(Self.secret), "\(stderr)")
        #expect(!agent.stdout.contains(Self.secret))
    }

    @Test func validateAndDryRunShowNoPassword() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let config = try pipeline(dir, port: 9)
        for arguments in [["validate", config], ["dry-run", "-c", config, "--input", dir.file("logs/app.log")]] {
            let result = try BinaryRunner.run(arguments)
            #expect(result.status == 0, "\(arguments[0]): \(result.stderr)")
            #expect(!result.stderr.contains(Self.secret) && !result.stdout.contains(Self.secret), "\(arguments[0]): \(result.stdout)\(result.stderr)")
        }
    }

    /// A URL the config refuses is named in the error without its credentials.
    @Test func aRefusedURLIsQuotedWithoutItsPassword() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let config = try pipeline(dir, port: 9, elasticsearchURL: "ftp://elastic:\(Self.secret)@127.0.0.1:9")
        let result = try BinaryRunner.run(["validate", config])
        #expect(result.status == 2)
        #expect(result.stderr.contains("outputs.es.url"), "\(result.stderr)")
        #expect(!result.stderr.contains(Self.secret), "\(result.stderr)")
    }
}
