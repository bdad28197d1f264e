import Foundation
import Glibc

/// A minimal HTTP/1.1 client over one keep-alive socket, for testing the loopback servers:
/// requests with optional gzip, chunked framing and `Expect: 100-continue`; every receive is
/// bounded by `timeout`.
public final class HTTPTestClient {
    /// A response: status, lowercased headers, body.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    public enum Failure: Error, Equatable {
        /// No (complete) answer within the timeout.
        case timedOut
        /// The server closed the connection without (completely) answering.
        case closed
    }

    /// The status of the interim response to the last `Expect: 100-continue` (100), if any.
    public private(set) var interimStatus: Int?
    private let fd: Int32
    private var reader: HTTPRequestReader
    private var timedOut = false

    /// Connects to 127.0.0.1:`port`; receives time out after `timeout` seconds.
    public init(port: UInt16, timeout: Double = 5) throws {
        let fd = try Sockets.connect(port: port)
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
        let flag = TimeoutFlag()
        reader = HTTPRequestReader {
            errno = 0
            let bytes = Sockets.receive(fd)
            if bytes.isEmpty && (errno == EAGAIN || errno == EWOULDBLOCK) { flag.value = true }
            return bytes
        }
        self.flag = flag
    }

    private let flag: TimeoutFlag
    private final class TimeoutFlag { var value = false }

    deinit { close(fd) }

    /// Whether a TCP connection to 127.0.0.1:`port` is accepted right now.
    public static func canConnect(port: UInt16) -> Bool {
        guard let fd = try? Sockets.connect(port: port) else { return false }
        close(fd)
        return true
    }

    /// Sends one request and reads its response.
    public func request(_ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8] = [],
                        gzip: Bool = false, chunked: Bool = false, expectContinue: Bool = false) throws -> Response {
        let payload = gzip ? try Gzip.compress(body) : body
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if gzip { head += "Content-Encoding: gzip\r\n" }
        if expectContinue { head += "Expect: 100-continue\r\n" }
        head += chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: \(payload.count)\r\n\r\n"
        flag.value = false
        guard Sockets.sendAll(fd, Array(head.utf8)) else { throw Failure.closed }
        if expectContinue {
            let interim = try readResponse(head: true)
            interimStatus = interim.status
        }
        var wire = payload
        if chunked {
            let half = payload.count / 2
            wire = Self.chunk(Array(payload[0..<half])) + Self.chunk(Array(payload[half...])) + Array("0\r\n\r\n".utf8)
        }
        guard Sockets.sendAll(fd, wire) else { throw Failure.closed }
        return try readResponse(head: false)
    }

    /// `POST` with a body.
    public func post(_ target: String, _ body: [UInt8], headers: [String: String] = [:], gzip: Bool = false) throws -> Response {
        try request("POST", target, headers: headers, body: body, gzip: gzip)
    }

    /// `GET`.
    public func get(_ target: String, headers: [String: String] = [:]) throws -> Response {
        try request("GET", target, headers: headers)
    }

    private static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        bytes.isEmpty ? [] : Array("\(String(bytes.count, radix: 16))\r\n".utf8) + bytes + [13, 10]
    }

    /// A status line + headers (+ body by Content-Length unless `head`); parsed with the same
    /// reader the server uses (the status line has the request line's three-part shape).
    private func readResponse(head: Bool) throws -> Response {
        guard let parsed = reader.readHead() else { throw flag.value ? Failure.timedOut : Failure.closed }
        let status = Int(parsed.target) ?? 0
        var response = Response(status: status, headers: parsed.headers, body: [])
        if head { return response }
        guard let body = reader.readBody(for: parsed) else { throw flag.value ? Failure.timedOut : Failure.closed }
        response.body = body
        return response
    }
}
