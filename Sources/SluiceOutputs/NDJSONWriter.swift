import Glibc
import SluiceCore

/// Newline-delimited JSON: each event as one line. Writes to a stream (standard output) in
/// one `write` per batch; files are appended to through ``LineAppender``.
final class NDJSONWriter: @unchecked Sendable {
    // Only touched by the output's own thread; the lock-free design relies on the pipeline
    // handing one batch at a time to an output.
    let fd: Int32
    let path: String
    private var buffer: [UInt8] = []

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
        buffer.reserveCapacity(1 << 20)
    }

    static func encode(_ events: [Event], into out: inout [UInt8]) {
        for event in events {
            event.serialize(into: &out)
            out.append(0x0A)
        }
    }

    func write(_ events: [Event]) throws {
        buffer.removeAll(keepingCapacity: true)
        Self.encode(events, into: &buffer)
        try FileIO.writeAll(fd, buffer, path: path)
        if buffer.capacity > 8 << 20 { buffer = [] }  // a huge batch must not pin memory
    }
}
