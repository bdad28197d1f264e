/// A fake backend served by a ``LoopbackHTTPServer``: its address, request log and
/// stop/restart (what it stores survives a stop).
public protocol LoopbackBackend {
    /// The underlying server.
    var server: LoopbackHTTPServer { get }
}

extension LoopbackBackend {
    public var port: UInt16 { server.port }
    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { server.baseURL }
    /// Every request received, in order.
    public var requests: [HTTPRequest] { server.requests }

    /// Refuses connections and drops open ones (what was stored remains).
    public func stop() { server.stop() }
    /// Listens again on the same port.
    public func restart() throws { try server.restart() }
}
