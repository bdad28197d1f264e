import SluiceTestSupport
import Testing

@Suite struct LoopbackHTTPServerTests {
    static func echo(_ request: HTTPRequest) -> HTTPReply {
        switch request.path {
        case "/hang": .hang
        case "/close": .close
        default: .respond(status: 200, headers: ["X-Raw": "\(request.rawBodySize)"], body: request.body)
        }
    }

    @Test func keepAliveCarriesManyRequestsOnOneConnection() throws {
        let server = try LoopbackHTTPServer(handler: Self.echo)
        defer { server.stop() }
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        let client = try HTTPTestClient(port: server.port)
        for i in 0..<5 {
            let response = try client.post("/echo?n=\(i)", Array("body \(i)".utf8))
            #expect(response.status == 200)
            #expect(response.text == "body \(i)")
        }
        let requests = server.requests
        #expect(requests.count == 5)
        #expect(Set(requests.map(\.connectionID)).count == 1)
        #expect(requests[2].target == "/echo?n=2" && requests[2].path == "/echo" && requests[2].queryItem("n") == "2")
        #expect(requests[0].header("HOST") == "127.0.0.1")
    }

    @Test func gzipChunkedAndExpectContinueBodiesAreDecoded() throws {
        let server = try LoopbackHTTPServer(handler: Self.echo)
        defer { server.stop() }
        let client = try HTTPTestClient(port: server.port)
        let body = Array(String(repeating: "compressible log line\n", count: 200).utf8)
        let gzipped = try client.request("POST", "/g", body: body, gzip: true)
        #expect(gzipped.body == body)
        let raw = try #require(Int(gzipped.headers["x-raw"] ?? ""))
        #expect(raw < body.count / 4)
        #expect(server.requests[0].rawBodySize == raw && server.requests[0].body == body)
        let chunked = try client.request("POST", "/c", body: body, chunked: true)
        #expect(chunked.body == body)
        let continued = try client.request("POST", "/e", body: body, gzip: true, chunked: true, expectContinue: true)
        #expect(client.interimStatus == 100)
        #expect(continued.body == body)
        #expect(Set(server.requests.map(\.connectionID)).count == 1)
    }

    @Test func hangNeverAnswersAndCloseDropsTheConnection() throws {
        let server = try LoopbackHTTPServer(handler: Self.echo)
        defer { server.stop() }
        let hanging = try HTTPTestClient(port: server.port, timeout: 0.3)
        #expect(throws: HTTPTestClient.Failure.timedOut) { try hanging.get("/hang") }
        let closing = try HTTPTestClient(port: server.port)
        #expect(throws: HTTPTestClient.Failure.closed) { try closing.get("/close") }
        #expect(server.requests.map(\.path) == ["/hang", "/close"])
    }

    @Test func stopRefusesConnectionsAndRestartListensOnTheSamePort() throws {
        let server = try LoopbackHTTPServer(handler: Self.echo)
        let port = server.port
        let open = try HTTPTestClient(port: port, timeout: 5)
        #expect(try open.get("/a").status == 200)
        let hanging = try HTTPTestClient(port: port, timeout: 0.2)
        #expect(throws: HTTPTestClient.Failure.timedOut) { try hanging.get("/hang") }
        server.stop()
        // The open connections were dropped: the clients see them closed.
        #expect(throws: HTTPTestClient.Failure.closed) { try open.get("/b") }
        #expect(!HTTPTestClient.canConnect(port: port))
        try server.restart()
        #expect(server.port == port)
        let again = try HTTPTestClient(port: port)
        #expect(try again.get("/c").status == 200)
        server.stop()
        #expect(!HTTPTestClient.canConnect(port: port))
    }
}
