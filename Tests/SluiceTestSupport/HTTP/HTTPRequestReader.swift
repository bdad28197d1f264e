import Foundation

/// Reads HTTP/1.1 requests off one connection: the head, then the body by `Content-Length` or
/// chunked framing. Calls `interim` when the client expects `100 Continue`.
struct HTTPRequestReader {
    struct Head {
        var method: String
        var target: String
        var version: String
        var headers: [String: String]
    }

    private var buffer: [UInt8] = []
    private let fill: () -> [UInt8]

    /// `fill` returns the next bytes from the socket, empty at end of stream.
    init(fill: @escaping () -> [UInt8]) { self.fill = fill }

    /// The next request's head, or nil when the connection ended (or sent garbage).
    mutating func readHead() -> Head? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        var end: Int?
        while true {
            end = find(terminator)
            if end != nil { break }
            if buffer.count > 1 << 20 { return nil }
            let more = fill()
            if more.isEmpty { return nil }
            buffer += more
        }
        let text = String(decoding: buffer[0..<end!], as: UTF8.self)
        buffer.removeFirst(end! + 4)
        let lines = text.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ", maxSplits: 2)
        guard parts.count == 3 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        return Head(method: String(parts[0]), target: String(parts[1]), version: String(parts[2]), headers: headers)
    }

    /// The body for `head`, de-chunked; nil when the connection ended early.
    mutating func readBody(for head: Head) -> [UInt8]? {
        if head.headers["transfer-encoding"]?.lowercased().contains("chunked") == true { return readChunked() }
        let length = Int(head.headers["content-length"] ?? "0") ?? 0
        return take(length)
    }

    private mutating func readChunked() -> [UInt8]? {
        var body: [UInt8] = []
        while true {
            guard let line = readLine() else { return nil }
            let sizeText = line.split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
            if size == 0 {
                while let trailer = readLine() { if trailer.isEmpty { return body } }
                return nil
            }
            guard let data = take(size), readLine() != nil else { return nil }
            body += data
        }
    }

    private mutating func readLine() -> String? {
        while true {
            if let end = find([13, 10]) {
                let line = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 2)
                return line
            }
            let more = fill()
            if more.isEmpty { return nil }
            buffer += more
        }
    }

    private mutating func take(_ count: Int) -> [UInt8]? {
        while buffer.count < count {
            let more = fill()
            if more.isEmpty { return nil }
            buffer += more
        }
        let data = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return data
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        var i = 0
        while i <= buffer.count - pattern.count {
            if buffer[i] == pattern[0] && Array(buffer[i..<i + pattern.count]) == pattern { return i }
            i += 1
        }
        return nil
    }
}
