import Dispatch
import Foundation
import Glibc
import Synchronization

/// An HTTP/1.1 server on 127.0.0.1 for tests: one accept thread, one thread per connection,
/// keep-alive, chunked and gzip request bodies, `Expect: 100-continue`. A handler decides each
/// answer; every request is recorded. `stop()` refuses further connections and drops open ones;
/// `restart()` listens again on the same port.
public final class LoopbackHTTPServer: Sendable {
    /// The port, fixed for the server's life (kept across `restart()`).
    public let port: UInt16
    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private let handler: @Sendable (HTTPRequest) -> HTTPReply
    private let state = Mutex(State())
    private let connections = DispatchGroup()

    private struct State {
        var listener: Listener?
        var open: [Int: Int32] = [:]
        var nextConnectionID = 1
        var requests: [HTTPRequest] = []
    }

    private final class Listener: Sendable {
        let fd: Int32
        let done = DispatchSemaphore(value: 0)
        init(fd: Int32) { self.fd = fd }
    }

    /// Starts listening on a free port.
    public init(handler: @escaping @Sendable (HTTPRequest) -> HTTPReply) throws {
        let (fd, port) = try Sockets.listen(port: 0)
        self.port = port
        self.handler = handler
        startAccepting(Listener(fd: fd))
    }

    /// Every request received so far, in arrival order.
    public var requests: [HTTPRequest] { state.withLock { $0.requests } }

    /// How many requests were received so far.
    public var requestCount: Int { state.withLock { $0.requests.count } }

    /// Closes the listener (connects are refused afterwards) and every open connection; waits
    /// (bounded) for the connection threads to end.
    public func stop() {
        let listener = state.withLock { state -> Listener? in
            for fd in state.open.values { shutdown(fd, Int32(SHUT_RDWR)) }
            defer { state.listener = nil }
            return state.listener
        }
        if let listener { _ = listener.done.wait(timeout: .now() + 5) }
        _ = connections.wait(timeout: .now() + 5)
    }

    /// Listens again on the same port after `stop()`; does nothing while running.
    public func restart() throws {
        guard state.withLock({ $0.listener == nil }) else { return }
        let (fd, _) = try Sockets.listen(port: port)
        startAccepting(Listener(fd: fd))
    }

    private func startAccepting(_ listener: Listener) {
        state.withLock { $0.listener = listener }
        let thread = Thread { [self] in acceptLoop(listener) }
        thread.name = "loopback-accept-\(port)"
        thread.start()
    }

    private func acceptLoop(_ listener: Listener) {
        while state.withLock({ $0.listener === listener }) {
            var poller = pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) > 0 else { continue }
            let fd = accept(listener.fd, nil, nil)
            guard fd >= 0 else { continue }
            Sockets.noDelay(fd)
            let id = state.withLock { state -> Int? in
                guard state.listener === listener else { return nil }
                let id = state.nextConnectionID
                state.nextConnectionID += 1
                state.open[id] = fd
                return id
            }
            guard let id else { close(fd); break }
            connections.enter()
            let thread = Thread { [self] in
                serve(fd: fd, id: id)
                state.withLock { _ = $0.open.removeValue(forKey: id) }
                close(fd)
                connections.leave()
            }
            thread.name = "loopback-conn-\(id)"
            thread.start()
        }
        close(listener.fd)
        listener.done.signal()
    }

    private func serve(fd: Int32, id: Int) {
        var reader = HTTPRequestReader { Sockets.receive(fd) }
        while let head = reader.readHead() {
            if head.headers["expect"]?.lowercased() == "100-continue" {
                Sockets.sendAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            }
            guard let raw = reader.readBody(for: head) else { return }
            var request = HTTPRequest(connectionID: id, method: head.method, target: head.target,
                                      headers: head.headers, body: raw, rawBodySize: raw.count)
            var reply: HTTPReply
            if head.headers["content-encoding"]?.lowercased() == "gzip" {
                do {
                    request.body = try Gzip.decompress(raw)
                    reply = handler(request)
                } catch {
                    reply = .text(400, "gzip: invalid header\n")
                }
            } else {
                reply = handler(request)
            }
            state.withLock { $0.requests.append(request) }
            switch reply {
            case .close:
                return
            case .hang:
                while !Sockets.receive(fd).isEmpty {}
                return
            case .respond(let status, let headers, let body):
                guard Sockets.sendAll(fd, Self.encode(status: status, headers: headers, body: body)) else { return }
            }
            let connection = head.headers["connection"]?.lowercased()
            if connection == "close" || (head.version == "HTTP/1.0" && connection != "keep-alive") { return }
        }
    }

    private static func encode(status: Int, headers: [String: String], body: [UInt8]) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(HTTPStatusText.reason(status))\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) where name.lowercased() != "content-length" {
            head += "\(name): \(value)\r\n"
        }
        head += "Content-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }
}
