import Foundation

/// A TLS server on 127.0.0.1 for tests: `Tests/TLS/tls_proxy.py` (python3's `ssl`) terminates
/// TLS with the given certificate and relays the plain bytes to a loopback backend (a
/// ``FakeElasticsearch`` or ``FakeLoki``), so a request reaches the backend only through a
/// handshake the proxy completed. It listens on a free port (port 0) and reports its handshakes.
///
///     let es = try FakeElasticsearch()
///     let proxy = try TLSLoopbackProxy(serving: certs.server, backendPort: es.port, clientCA: certs.caFile)
///     defer { proxy.stop(); es.stop() }
///     // url: proxy.baseURL
///
/// The proxy process ends at ``stop()``, on deinit, and when the test process ends however it
/// ends (its standard input closes).
public final class TLSLoopbackProxy: @unchecked Sendable {
    /// The port it listens on.
    public let port: UInt16
    /// `https://127.0.0.1:PORT`.
    public var baseURL: String { "https://127.0.0.1:\(port)" }

    private let process: Process
    private let input: Pipe
    private let output: LockedData
    private let errors: LockedData

    /// `<repository>/Tests/TLS/tls_proxy.py`, kept outside every target's folder (SwiftPM would
    /// take it for a resource).
    public static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TLS
        .deletingLastPathComponent()  // SluiceTestSupport
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("TLS/tls_proxy.py")

    /// Starts serving `certificate` in front of `127.0.0.1:backendPort`; with `clientCA`, it
    /// requires a client certificate signed by that CA. Returns once it listens.
    public init(serving certificate: TestCertificates.Pair, backendPort: UInt16, clientCA: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, "--cert", certificate.certificate, "--key", certificate.key,
                             "--backend-port", String(backendPort)] + (clientCA.map { ["--client-ca", $0] } ?? [])
        let input = Pipe()
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardInput = input
        process.standardOutput = outPipe
        process.standardError = errPipe
        let output = LockedData()
        let errors = LockedData()
        try process.run()
        for (pipe, sink) in [(outPipe, output), (errPipe, errors)] {
            let handle = pipe.fileHandleForReading
            // A thread of its own (see RunningBinary).
            Thread {
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    sink.append(data)
                }
            }.start()
        }
        var port: UInt16?
        _ = waitUntil(timeout: 20) {
            port = Self.lines(output).lazy.compactMap { $0.hasPrefix("listening ") ? UInt16($0.dropFirst("listening ".count)) : nil }.first
            return port != nil || !process.isRunning
        }
        guard let port else {
            if process.isRunning { process.terminate() }
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            throw ExternalCommand.Failure(description: "the TLS proxy did not start: \(String(decoding: errors.get(), as: UTF8.self))")
        }
        self.port = port
        self.process = process
        self.input = input
        self.output = output
        self.errors = errors
    }

    deinit { stop() }

    /// The handshakes so far, in the order the proxy reported them.
    public var handshakes: [TLSHandshake] { Self.lines(output).compactMap(TLSHandshake.init(line:)) }

    /// What the proxy wrote on standard error (Python's tracebacks, for a failure message).
    public var diagnostics: String { String(decoding: errors.get(), as: UTF8.self) }

    /// Ends the proxy process (bounded wait); open connections drop.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        try? input.fileHandleForWriting.close()
        if !waitUntil(timeout: 5, { !process.isRunning }) { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    private static func lines(_ data: LockedData) -> [Substring] {
        String(decoding: data.get(), as: UTF8.self).split(separator: "\n")
    }
}
