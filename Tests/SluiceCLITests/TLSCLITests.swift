import Foundation
import Glibc
import SluiceTestSupport
import Testing

/// TLS on the HTTP outputs, with the real binary against a real TLS server on loopback
/// (``TLSLoopbackProxy`` in front of the fake backends) and a throwaway CA
/// (``TestCertificates``): the server's certificate is verified by default, so an untrusted
/// server, or a trusted certificate for another name, gets no request; refused lines are held,
/// not lost (neither dead-lettered nor checkpointed) and delivered once the configuration is
/// right; client certificates work; `verify: false` delivers and warns. No log line quotes a
/// credential or event content.
@Suite(.serialized) struct TLSCLITests {
    static let lineCount = 40
    /// In every line: event content no log line may quote.
    static let payload = "tls-private-payload"
    /// The basic-auth password sent over TLS: no log line may quote it either.
    static let password = "tls-test-password-4711"

    /// One test's directory, certificates, fake Elasticsearch and the TLS proxy in front of it.
    struct World {
        let dir: TempDirectory
        let certs: TestCertificates
        let es: FakeElasticsearch
        let proxy: TLSLoopbackProxy

        /// `server` picks the certificate the proxy serves; with `requireClientCertificate`, the
        /// proxy requires a client certificate signed by the test CA.
        init(serving server: (TestCertificates) -> TestCertificates.Pair = \.server, requireClientCertificate: Bool = false) throws {
            dir = try TempDirectory("sluice-tls")
            certs = try TestCertificates(in: dir.file("pki"))
            es = try FakeElasticsearch()
            proxy = try TLSLoopbackProxy(serving: server(certs), backendPort: es.port, clientCA: requireClientCertificate ? certs.caFile : nil)
            var text = ""
            for seq in 0..<TLSCLITests.lineCount { text += "{\"seq\":\(seq),\"msg\":\"\(TLSCLITests.payload) \(seq)\"}\n" }
            try dir.write("logs/app.log", text)
        }

        func close() {
            proxy.stop()
            es.stop()
            dir.remove()
        }

        /// A pipeline shipping `logs/*.log` to the proxy with basic auth and `tls` (a flow
        /// mapping, or nil for no `tls:` key).
        func pipeline(tls: String?) throws -> String {
            try dir.write("pipeline.yaml", """
                data_dir: \(dir.file("data"))
                shutdown_timeout: 1s
                checkpoints: { interval: 100ms }
                sources:
                  app: { type: file, include: ["\(dir.file("logs"))/*.log"], start_at: beginning }
                stages:
                  - type: parse_json
                outputs:
                  es:
                    type: elasticsearch
                    url: \(proxy.baseURL)
                    index: tls-e2e
                    auth: { basic: { user: sluice, password: "\(TLSCLITests.password)" } }
                \(tls.map { "    tls: \($0)" } ?? "")
                    batch: { max_events: 100, max_age: 50ms }
                    retry: { initial: 10ms, max: 200ms }
                """)
        }

        /// The `offset` of every entry in `<data_dir>/checkpoints`.
        var checkpointOffsets: [Int] { SluiceTestSupport.checkpointOffsets(dataDir: dir.file("data")) }

        var deadLetterFileExists: Bool { FileManager.default.fileExists(atPath: dir.file("data/dead_letter.ndjson")) }

        /// The `seq` of every stored document.
        var storedSeqs: [Int] {
            es.documents.compactMap { ((try? JSONSerialization.jsonObject(with: Data($0.source))) as? [String: Any])?["seq"] as? Int }
        }
    }

    /// `sluice run` on `config`, once it logged `started`.
    static func start(_ config: String) throws -> RunningBinary {
        let agent = try RunningBinary(["run", "-c", config])
        #expect(waitUntil(timeout: 30) { agent.stderr.contains(#""msg":"started""#) }, "\(agent.stderr.suffix(2000))")
        return agent
    }

    /// Stops `agent` with SIGTERM; it exits 0 (within `shutdown_timeout`, lines in flight or not).
    static func stop(_ agent: RunningBinary) {
        agent.send(SIGTERM)
        #expect(agent.wait() == 0, "\(agent.stderr.suffix(2000))")
    }

    /// Runs the agent on `tls` until it logs a batch refused with libcurl's `refusal` and our
    /// `hint`, then stops it, and checks that nothing was settled: no request reached the
    /// backend, no line was dead-lettered, no checkpoint moved past the start of the file.
    /// Returns the agent's log.
    static func expectRefused(_ world: World, tls: String?, logging refusal: String, hint: String) throws -> String {
        let agent = try start(try world.pipeline(tls: tls))
        let logged = waitUntil(timeout: 30) {
            agent.stderr.split(separator: "\n").contains { $0.contains("cannot reach elasticsearch") && $0.contains(refusal) && $0.contains(hint) }
        }
        #expect(logged, "\(agent.stderr.suffix(3000))")
        stop(agent)
        let log = agent.stderr
        #expect(world.es.stats.requests == 0, "a request reached the backend past a refused TLS connection")
        #expect(!world.deadLetterFileExists, "refused lines were dead-lettered")
        let offsets = world.checkpointOffsets
        #expect(!offsets.isEmpty && offsets.allSatisfy { $0 == 0 }, "checkpoint offsets \(offsets) after a refused run")
        expectPrivate(log)
        return log
    }

    /// Runs the agent on `tls` until every line is stored, then stops it: each line stored
    /// once, nothing dead-lettered. Returns the agent's log.
    static func expectDelivered(_ world: World, tls: String?) throws -> String {
        let agent = try start(try world.pipeline(tls: tls))
        let arrived = waitUntil(timeout: 60) { world.es.documents.count >= lineCount }
        #expect(arrived, "\(world.es.documents.count) of \(lineCount) stored; \(agent.stderr.suffix(3000))")
        stop(agent)
        let seqs = world.storedSeqs
        #expect(seqs.count == lineCount && Set(seqs) == Set(0..<lineCount), "stored seqs \(seqs.sorted())")
        #expect(!world.deadLetterFileExists)
        #expect(!agent.stderr.contains("cannot reach elasticsearch"), "\(agent.stderr.suffix(3000))")
        expectPrivate(agent.stderr)
        return agent.stderr
    }

    /// Neither the password nor any event content is in `log`.
    static func expectPrivate(_ log: String) {
        #expect(!log.contains(password), "the log quotes the password")
        #expect(!log.contains(payload), "the log quotes event content")
    }

    // MARK: - Server verification

    /// No `ca_file`: the system's CAs do not know the test CA, so the handshake is refused,
    /// with an error naming the certificate problem and `tls.ca_file`. The lines wait in the
    /// file; with the CA configured, the next run delivers every one of them.
    @Test func anUntrustedServerIsRefusedAndItsLinesWaitUntilItsCAIsConfigured() throws {
        let world = try World()
        defer { world.close() }
        _ = try Self.expectRefused(world, tls: nil, logging: "SSL certificate problem", hint: "set tls.ca_file to the CA that signed it")
        // The client refused the server: the server saw the alert.
        #expect(waitUntil(timeout: 10) { world.proxy.handshakes.contains(.failed(reason: "TLSV1_ALERT_UNKNOWN_CA")) }, "\(world.proxy.handshakes)")
        #expect(!world.proxy.handshakes.contains { $0.isCompleted })

        _ = try Self.expectDelivered(world, tls: "{ ca_file: \(world.certs.caFile) }")
        #expect(world.proxy.handshakes.contains(.completed(client: nil, protocolVersion: "TLSv1.3")), "\(world.proxy.handshakes)")
    }

    /// A certificate the configured CA signed, but for another host name: refused all the same.
    @Test func aTrustedCertificateForAnotherHostNameIsRefused() throws {
        let world = try World(serving: \.wrongName)
        defer { world.close() }
        _ = try Self.expectRefused(
            world, tls: "{ ca_file: \(world.certs.caFile) }",
            logging: "no alternative certificate subject name matches target host name '127.0.0.1'",
            hint: "does not name the URL's host")
    }

    // MARK: - Client certificates

    /// A server that requires a client certificate refuses the agent without one, and takes
    /// every line once `cert_file` and `key_file` are configured.
    @Test func aServerRequiringAClientCertificateGetsTheLinesOnceOneIsConfigured() throws {
        let world = try World(requireClientCertificate: true)
        defer { world.close() }
        _ = try Self.expectRefused(
            world, tls: "{ ca_file: \(world.certs.caFile) }", logging: "alert certificate required",
            hint: "the server requires a client certificate: set tls.cert_file and tls.key_file")
        #expect(waitUntil(timeout: 10) { world.proxy.handshakes.contains(.failed(reason: "PEER_DID_NOT_RETURN_A_CERTIFICATE")) }, "\(world.proxy.handshakes)")
        #expect(!world.proxy.handshakes.contains { $0.isCompleted })

        let client = world.certs.client
        _ = try Self.expectDelivered(world, tls: "{ ca_file: \(world.certs.caFile), cert_file: \(client.certificate), key_file: \(client.key) }")
        let completed = world.proxy.handshakes.filter(\.isCompleted)
        #expect(!completed.isEmpty && completed.allSatisfy { $0 == .completed(client: TestCertificates.clientName, protocolVersion: "TLSv1.3") }, "\(completed)")
    }

    // MARK: - verify: false

    /// `verify: false` skips both checks (an untrusted certificate for another name is taken)
    /// and says so in a warning when the file is read.
    @Test func verifyFalseDeliversAndWarns() throws {
        let world = try World(serving: \.wrongName)
        defer { world.close() }
        let log = try Self.expectDelivered(world, tls: "{ verify: false }")
        let warning = log.split(separator: "\n").first { $0.hasPrefix("warning:") && $0.contains("the server's certificate is not verified") }
        #expect(warning?.contains("tls.verify") == true, "\(log.prefix(2000))")
    }

    // MARK: - Loki

    /// Loki's output verifies the same way: refused without the CA, delivered with it.
    @Test func lokiIsRefusedWithoutTheCAAndDeliveredWithIt() throws {
        let dir = try TempDirectory("sluice-tls-loki")
        defer { dir.remove() }
        let certs = try TestCertificates(in: dir.file("pki"))
        let loki = try FakeLoki()
        defer { loki.stop() }
        let proxy = try TLSLoopbackProxy(serving: certs.server, backendPort: loki.port)
        defer { proxy.stop() }
        try dir.write("logs/app.log", (0..<Self.lineCount).map { "{\"seq\":\($0),\"msg\":\"\(Self.payload)\"}\n" }.joined())
        func pipeline(tls: String) throws -> String {
            try dir.write("pipeline.yaml", """
                data_dir: \(dir.file("data"))
                shutdown_timeout: 1s
                sources:
                  app: { type: file, include: ["\(dir.file("logs"))/*.log"], start_at: beginning }
                outputs:
                  loki:
                    type: loki
                    url: \(proxy.baseURL)
                    labels: { job: tls }
                    tls: \(tls)
                    batch: { max_events: 100, max_age: 50ms }
                    retry: { initial: 10ms, max: 200ms }
                """)
        }
        var agent = try Self.start(try pipeline(tls: "{ verify: true }"))
        let refused = waitUntil(timeout: 30) {
            agent.stderr.split(separator: "\n").contains { $0.contains("loki did not take the batch") && $0.contains("SSL certificate problem") }
        }
        #expect(refused, "\(agent.stderr.suffix(3000))")
        Self.stop(agent)
        #expect(loki.requests.isEmpty)
        Self.expectPrivate(agent.stderr)

        agent = try Self.start(try pipeline(tls: "{ ca_file: \(certs.caFile) }"))
        #expect(waitUntil(timeout: 60) { loki.entries.count >= Self.lineCount }, "\(loki.entries.count) entries; \(agent.stderr.suffix(3000))")
        Self.stop(agent)
        #expect(loki.entries.count == Self.lineCount)
        Self.expectPrivate(agent.stderr)
    }
}
