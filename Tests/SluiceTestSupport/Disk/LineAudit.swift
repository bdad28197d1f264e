import Foundation
import SluiceCore

/// Checks a file of numbered JSON lines (each holding one `"seq":N`, as written by
/// ``numberedEvents(from:count:)``): every line whole, every number present exactly once and
/// in order. ``problems`` lists what is wrong, briefly, for a readable test failure.
public struct LineAudit {
    /// The numbers found, in file order.
    public private(set) var numbers: [Int] = []
    /// Lines that are not one whole record (shortened).
    public private(set) var broken: [String] = []
    /// Whether the file ends in a newline (or is empty).
    public private(set) var endsWithNewline = true

    public init(path: String) throws {
        let bytes = try FileIO.readAll(path)
        endsWithNewline = bytes.last.map { $0 == 0x0A } ?? true
        for line in bytes.split(separator: 0x0A) {
            let text = String(decoding: line, as: UTF8.self)
            let parts = text.components(separatedBy: #""seq":"#)
            guard parts.count == 2, text.hasPrefix("{"), text.hasSuffix("}"),
                let n = Int(parts[1].prefix(while: \.isNumber))
            else {
                broken.append(String(text.prefix(90)) + (text.count > 90 ? "…" : ""))
                continue
            }
            numbers.append(n)
        }
    }

    /// What differs from exactly the lines `expected`, once each, in order (at most 6 items).
    public func problems(expecting expected: Range<Int>) -> [String] {
        var out: [String] = []
        if !endsWithNewline { out.append("the file ends in an unterminated line") }
        out += broken.map { "broken line: \($0)" }
        var seen: [Int: Int] = [:]
        for n in numbers { seen[n, default: 0] += 1 }
        for (n, count) in seen.sorted(by: { $0.key < $1.key }) where count > 1 { out.append("seq \(n) appears \(count) times") }
        let missing = expected.filter { seen[$0] == nil }
        if !missing.isEmpty { out.append("\(missing.count) lines missing, first seq \(missing[0])") }
        let extra = seen.keys.filter { !expected.contains($0) }.sorted()
        if !extra.isEmpty { out.append("\(extra.count) unexpected lines, first seq \(extra[0])") }
        if out.isEmpty && numbers != Array(expected) { out.append("lines out of order") }
        return Array(out.prefix(6))
    }
}

/// `count` parsed events `{"seq":N,"msg":"…"}` numbered from `first`, each line 101 bytes
/// or so (not a divisor of a page, so a full disk cuts one in the middle).
public func numberedEvents(from first: Int, count: Int) throws -> [Event] {
    try (first..<first + count).map { n in
        let line = #"{"seq":\#(n),"msg":"\#(String(repeating: "x", count: 80))"}"#
        var event = Event(line)
        event.fields = try JSONObject(parsing: event.line)
        event.flags.remove(.raw)
        return event
    }
}
