import Glibc
import SluiceTestSupport

/// A loopback connection that sends exactly the bytes given, valid HTTP or not, as a broken
/// or slow client would (well-formed requests go through ``HTTPTestClient``).
final class RawConnection {
    let fd: Int32

    init(port: Int) throws {
        fd = try Sockets.connect(port: UInt16(port))
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) { _ = Sockets.sendAll(fd, bytes) }

    /// What the server sends until it closes the connection (or 10 s pass).
    func readToEnd() -> String {
        var out: [UInt8] = []
        while true {
            let bytes = Sockets.receive(fd)
            if bytes.isEmpty { break }
            out += bytes
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True once the server has closed the connection (a read returns end of file).
    func isClosedByServer() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_DONTWAIT)) == 0
    }
}
