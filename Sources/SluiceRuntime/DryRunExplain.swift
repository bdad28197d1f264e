import SluiceCore

/// `dry-run --explain`: each redacted event before and after, every redaction marked with
/// its rule. Shows original values — for local debugging only.
public struct DryRunExplain {
    /// How marks are drawn: ANSI colours on a terminal, plain `<<rule:text>>` otherwise.
    public enum Style: Sendable {
        case color
        case plain
    }

    public let style: Style
    /// Handed to the stages (``StageContext/redactions``): redaction stages record into it.
    let recorder = RedactionRecorder()

    public init(style: Style) { self.style = style }

    /// Appends the explanation of every event in `events` that was redacted; `before`
    /// holds the lines as read, by origin.
    func render(_ events: [Event], before: [Origin: ArraySlice<UInt8>], file: (UInt32) -> String?, into out: inout [UInt8]) {
        let redactions = recorder.take()
        guard !redactions.isEmpty else { return }
        var byOrigin: [Origin: [Redaction]] = [:]
        for r in redactions { byOrigin[r.origin, default: []].append(r) }
        for event in events {
            guard let list = byOrigin[event.origin] else { continue }
            let where_ = (file(event.origin.fileID) ?? "input") + ":\(event.origin.offset)"
            out.append(contentsOf: "[explain] \(where_)\n".utf8)
            out.append(contentsOf: "  before: ".utf8)
            mark(Array(before[event.origin] ?? []), list.map { ($0.rule, $0.original) }, original: true, into: &out)
            out.append(contentsOf: "\n  after:  ".utf8)
            var after: [UInt8] = []
            event.serialize(into: &after)
            mark(after, list.map { ($0.rule, $0.replacement) }, original: false, into: &out)
            out.append(0x0A)
            for r in list {
                out.append(contentsOf: "  - \(r.rule) at \(r.path.isEmpty ? "(value)" : r.path) by \(r.stage)\n".utf8)
            }
        }
    }

    /// Appends `text` with each piece (as it appears JSON-escaped) wrapped in a mark naming
    /// its rule, in order of appearance.
    func mark(_ text: [UInt8], _ pieces: [(rule: String, bytes: [UInt8])], original: Bool, into out: inout [UInt8]) {
        var spans: [(start: Int, end: Int, rule: String)] = []
        var from = 0
        for (rule, bytes) in pieces where !bytes.isEmpty {
            var escaped: [UInt8] = []
            bytes.withUnsafeBufferPointer { JSONStringCodec.appendEscaped($0, to: &escaped) }
            guard let at = Self.find(escaped, in: text, from: from) ?? Self.find(escaped, in: text, from: 0),
                !spans.contains(where: { $0.start < at + escaped.count && at < $0.end })
            else { continue }
            spans.append((at, at + escaped.count, rule))
            from = at + escaped.count
        }
        spans.sort { $0.start < $1.start }
        var pos = 0
        for span in spans {
            out.append(contentsOf: text[pos..<span.start])
            switch style {
            case .color:
                out.append(contentsOf: (original ? "\u{1B}[1;31m" : "\u{1B}[1;32m").utf8)
                out.append(contentsOf: text[span.start..<span.end])
                out.append(contentsOf: "\u{1B}[0;33m{\(span.rule)}\u{1B}[0m".utf8)
            case .plain:
                out.append(contentsOf: "<<\(span.rule):".utf8)
                out.append(contentsOf: text[span.start..<span.end])
                out.append(contentsOf: ">>".utf8)
            }
            pos = span.end
        }
        out.append(contentsOf: text[pos...])
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, needle.count <= haystack.count else { return nil }
        var i = from
        while i + needle.count <= haystack.count {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
