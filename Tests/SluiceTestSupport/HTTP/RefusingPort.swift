import Glibc

/// A loopback port where nothing listens, held until ``close()``: connections to it are
/// refused at once, and no other test can start a server on it meanwhile.
public final class RefusingPort: Sendable {
    public let port: UInt16
    private let fd: Int32

    public init() throws {
        (fd, port) = try Sockets.bind(port: 0, listening: false)
    }

    public func close() { Glibc.close(fd) }
}
