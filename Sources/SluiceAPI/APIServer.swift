import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import SluiceCore
import Synchronization

/// The agent's HTTP API on `api.listen`: `/metrics`, `/health`, `/ready`, `POST /-/reload`.
///
/// swift-nio's HTTP/1 server on one event-loop thread of its own, apart from the pipeline's
/// threads: an answer reads what the pipeline already counts (atomics, the metrics registry),
/// so a scrape never holds up shipping. What a port in a pod must withstand is bounded here:
/// headers over 16 KiB and malformed requests get 400 (swift-nio's decoder and error
/// handler), bodies over 64 KiB 413, a client that sends nothing for 10 s is disconnected,
/// at most 256 connections are open at once (more are closed at accept).
public final class APIServer: Sendable {
    let host: String
    let port: Int
    let routes: any APIRoutes
    let logger: Logger
    let group: MultiThreadedEventLoopGroup
    let channel = Mutex<(any Channel)?>(nil)
    let connections: ConnectionLimit
    /// A connection that sends nothing for this long is closed (slow clients).
    let idleTimeout: TimeAmount

    /// Largest request body taken (`POST /-/reload` needs none).
    static let maxBodyBytes = 64 << 10

    /// A server for `listen` (`host:port`; port 0 picks a free one, see ``boundPort``).
    public init(listen: String, routes: any APIRoutes, logger: Logger, idleTimeout: Double = 10, maxConnections: Int = 256) throws {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
            throw APIServerError.badListenAddress(listen)
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host
        self.port = port
        self.routes = routes
        self.logger = logger
        self.idleTimeout = .nanoseconds(Int64(idleTimeout * 1e9))
        connections = ConnectionLimit(limit: maxConnections)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    /// Binds and starts serving; returns once the socket listens.
    public func start() throws {
        let routes = self.routes
        let connections = self.connections
        let idleTimeout = self.idleTimeout
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 128)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard connections.open() else {
                        channel.close(promise: nil)
                        return
                    }
                    channel.closeFuture.whenComplete { _ in connections.close() }
                    var limits = NIOHTTPDecoderLimitConfiguration()
                    limits.maxHeaderFieldSize = 16 << 10
                    limits.maxHeaderListSize = 16 << 10
                    limits.maxHeaderFieldCount = 100
                    let sync = channel.pipeline.syncOperations
                    try sync.configureHTTPServerPipeline(
                        withErrorHandling: true, withOutboundHeaderValidation: true, withEncoderConfiguration: .init(),
                        withDecoderLimitConfiguration: limits)
                    try sync.addHandler(IdleStateHandler(readTimeout: idleTimeout))
                    try sync.addHandler(APIRequestHandler(routes: routes, maxBodyBytes: Self.maxBodyBytes))
                }
            }
        do {
            let bound = try bootstrap.bind(host: host, port: port).wait()
            channel.withLock { $0 = bound }
        } catch {
            throw APIServerError.cannotListen("\(host):\(port)", "\(error)")
        }
        logger.info("api listening", metadata: ["listen": "\(host):\(boundPort ?? port)"])
    }

    /// The port the server listens on (the one picked when `listen` said port 0).
    public var boundPort: Int? {
        channel.withLock { $0?.localAddress?.port }
    }

    /// Stops listening, closes every connection and ends the event-loop thread.
    public func stop() {
        if let channel = channel.withLock({ $0 }) {
            try? channel.close().wait()
        }
        try? group.syncShutdownGracefully()
    }
}

/// Why the API could not start.
public enum APIServerError: Error, CustomStringConvertible {
    case badListenAddress(String)
    case cannotListen(String, String)

    public var description: String {
        switch self {
        case .badListenAddress(let text): "api.listen: expected host:port, found \"\(text)\""
        case .cannotListen(let address, let error): "api.listen: cannot listen on \(address): \(error)"
        }
    }
}

/// Counts open connections; refuses one over the limit.
final class ConnectionLimit: Sendable {
    let limit: Int
    let count = Mutex(0)

    init(limit: Int) { self.limit = limit }

    func open() -> Bool {
        count.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func close() {
        count.withLock { $0 -= 1 }
    }
}
