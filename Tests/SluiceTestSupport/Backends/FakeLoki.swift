/// An in-process Loki for tests, answering `POST /loki/api/v1/push` (JSON, optionally gzip;
/// any body without `Content-Type: application/json` is read as protobuf + snappy, as Loki
/// does) like the Loki 3.8 recordings in `shared/fixtures/loki`: 204 on success, 400 `text/plain`
/// one-line errors (good entries of the request are still stored), 429 over the burst.
///
///     let loki = try FakeLoki()
///     defer { loki.stop() }
///     loki.setNow(1_795_563_781_500_000_000)
///     loki.setRequestFault { n, _ in n == 1 ? .status(429, retryAfter: 2) : nil }
///     // … point the output at loki.baseURL …
///     #expect(loki.entries.map(\.line) == ["a", "b"])
public final class FakeLoki: LoopbackBackend, Sendable {
    /// The underlying server (request log, stop/restart).
    public let server: LoopbackHTTPServer
    private let backend = LokiBackend()

    public init() throws {
        let backend = self.backend
        server = try LoopbackHTTPServer { backend.handle($0) }
    }


    /// The server's clock in ns since the epoch for the age checks; nil: the real clock.
    public func setNow(_ nanoseconds: Int64?) { backend.state.withLock { $0.now = nanoseconds } }

    /// Decides a whole-request fault from the 1-based request number and the request; nil
    /// answers normally. `.status(429)` answers Loki's rate-limit text. Pass nil to clear.
    public func setRequestFault(_ fault: (@Sendable (_ number: Int, _ request: HTTPRequest) -> BackendFault?)?) {
        backend.faults.set(fault)
    }

    /// Stored entries in storing order (exact duplicates dropped).
    public var entries: [LokiEntry] { backend.state.withLock { $0.entries } }

    /// Stored entries of the stream with exactly these labels.
    public func entries(labels: [String: String]) -> [LokiEntry] { entries.filter { $0.labels == labels } }

    /// The entries `request` pushes, its body read as Loki reads it (JSON or protobuf +
    /// snappy); nil when Loki could not read it. For faults that depend on the request.
    public static func entries(of request: HTTPRequest) -> [LokiEntry]? {
        (try? LokiPush.decode(request))?.flatMap(\.entries)
    }

    /// Requests by outcome (HTTP status, hung, closed).
    public var stats: BackendStats { backend.state.withLock { $0.stats } }
}
