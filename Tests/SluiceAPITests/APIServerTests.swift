import Logging
import SluiceCore
import SluiceTestSupport
import Synchronization
import Testing
@testable import SluiceAPI

/// Routes with fixed answers; `reload` waits until the test lets it finish.
final class StubRoutes: APIRoutes {
    let reloadStarted = Latch()
    let reloadMayFinish = Latch()
    let reloads = Atomic<Int>(0)

    func metrics() -> String { "# HELP sluice_x X.\n# TYPE sluice_x counter\nsluice_x_total 1\n" }
    func health() -> APIResponse { .json(200, #"{"status":"ok"}"#) }
    func ready() -> APIResponse { .json(503, #"{"status":"not ready"}"#) }
    func reload() -> APIResponse {
        reloads.add(1, ordering: .relaxed)
        reloadStarted.open()
        _ = reloadMayFinish.wait(until: Monotonic.now() + 20)
        return .json(200, #"{"status":"reloaded"}"#)
    }
}

@Suite struct APIServerTests {
    func server(_ routes: StubRoutes = StubRoutes(), idleTimeout: Double = 10, maxConnections: Int = 256) throws -> (APIServer, UInt16) {
        let server = try APIServer(
            listen: "127.0.0.1:0", routes: routes, logger: Logger(label: "test"), idleTimeout: idleTimeout, maxConnections: maxConnections)
        try server.start()
        return (server, UInt16(try #require(server.boundPort)))
    }

    @Test func servesMetricsHealthAndReadyWithTheirTypes() throws {
        let (server, port) = try server()
        defer { server.stop() }
        let client = try HTTPTestClient(port: port)
        let metrics = try client.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(metrics.text.contains("sluice_x_total 1\n"))
        let health = try client.get("/health")
        #expect(health.status == 200 && health.text == #"{"status":"ok"}"# && health.headers["content-type"] == "application/json")
        let ready = try client.get("/ready?verbose=1")
        #expect(ready.status == 503 && ready.text == #"{"status":"not ready"}"#)
    }

    @Test func unknownPathsWrongMethodsAndHeadAreAnswered() throws {
        let (server, port) = try server()
        defer { server.stop() }
        let client = try HTTPTestClient(port: port)
        #expect(try client.get("/nope").status == 404)
        let wrong = try client.request("DELETE", "/metrics")
        #expect(wrong.status == 405 && wrong.headers["allow"] == "GET")
        #expect(try client.get("/-/reload").status == 405)
        let head = try RawConnection(port: Int(port))
        head.send("HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let answer = head.readToEnd()
        #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(answer.hasSuffix("\r\n\r\n"), "no body after HEAD")
    }

    /// A reload may take as long as the swap: the server keeps answering meanwhile, and the
    /// reload's answer comes when it is done.
    @Test func aReloadRunsOffTheEventLoop() throws {
        let routes = StubRoutes()
        let (server, port) = try server(routes)
        defer { server.stop() }
        let reload = try RawConnection(port: Int(port))
        reload.send("POST /-/reload HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(routes.reloadStarted.wait(until: Monotonic.now() + 10))
        #expect(try HTTPTestClient(port: port).get("/health").status == 200)
        routes.reloadMayFinish.open()
        let answer = reload.readToEnd()
        #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n") && answer.hasSuffix(#"{"status":"reloaded"}"#))
        #expect(routes.reloads.load(ordering: .relaxed) == 1)
    }

    @Test func malformedOversizedAndSlowRequestsGetFourHundredsOrAreClosed() throws {
        let (server, port) = try server(idleTimeout: 0.3)
        defer { server.stop() }
        let garbage = try RawConnection(port: Int(port))
        garbage.send("\u{1}\u{2}NOT HTTP AT ALL\r\n\r\n")
        #expect(garbage.readToEnd().hasPrefix("HTTP/1.1 400"))
        let huge = try RawConnection(port: Int(port))
        huge.send("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 20_000) + "\r\n\r\n")
        let hugeAnswer = huge.readToEnd()
        #expect(hugeAnswer.hasPrefix("HTTP/1.1 4"), "\(hugeAnswer.prefix(80))")
        let body = try HTTPTestClient(port: port)
        #expect(try body.post("/-/reload", Array(repeating: 98, count: 70_000)).status == 413)
        // A client that starts a request and sends nothing more is disconnected.
        let slow = try RawConnection(port: Int(port))
        slow.send("GET /met")
        #expect(waitUntil(timeout: 10) { slow.isClosedByServer() })
        // The server still answers.
        #expect(try HTTPTestClient(port: port).get("/health").status == 200)
    }

    /// 1,000 broken requests, then a good one: still answered.
    @Test func aThousandBrokenRequestsLeaveItServing() throws {
        let (server, port) = try server()
        defer { server.stop() }
        var random = SplitMix(seed: 7)
        for i in 0..<1000 {
            let client = try RawConnection(port: Int(port))
            switch i % 4 {
            case 0: client.send((0..<Int.random(in: 1..<200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
            case 1: client.send("GET /metrics HTTP/9.9\r\n\r\n")
            case 2: client.send("GET " + String(repeating: "/x", count: 5000) + " HTTP/1.1\r\n\r\n")
            default: client.send("POST /-/reload HTTP/1.1\r\nContent-Length: -5\r\n\r\n")
            }
        }
        #expect(try HTTPTestClient(port: port).get("/health").status == 200)
    }

    @Test func connectionsOverTheLimitAreClosedAndTheOthersServed() throws {
        let (server, port) = try server(maxConnections: 4)
        defer { server.stop() }
        let held = try (0..<4).map { _ in try HTTPTestClient(port: port) }
        for client in held { #expect(try client.get("/health").status == 200) }
        let extra = try RawConnection(port: Int(port))
        #expect(waitUntil(timeout: 10) { extra.isClosedByServer() })
        #expect(try held[0].get("/health").status == 200)
    }

    @Test func aBadOrTakenListenAddressIsAClearError() throws {
        #expect(throws: APIServerError.self) { try APIServer(listen: "nonsense", routes: StubRoutes(), logger: Logger(label: "t")) }
        let (first, port) = try server()
        defer { first.stop() }
        let second = try APIServer(listen: "127.0.0.1:\(port)", routes: StubRoutes(), logger: Logger(label: "t"))
        #expect(throws: APIServerError.self) { try second.start() }
        second.stop()
    }
}
