import SluiceCore

/// Joins one file's lines into events by its source's ``MultilineRule``.
///
/// Lines come in order as raw events; a group is handed on once the line after it shows it
/// is complete, so the last group of what was read is held (``hasPending``) until more lines
/// come, the rule's timeout passes, or the file ends. Held lines are not acknowledged: the
/// checkpoint stays before the group, and a restart or `kill -9` reads it again whole.
///
/// A group of one line is the line's event as it was. A longer group is one event whose
/// origin spans all its lines: after a JSON line, the other lines (joined with `\n`) go into
/// the rule's `field` as a string member of that object; otherwise the lines are joined with
/// `\n` into one line of text.
struct LineGrouper {
    let rule: MultilineRule
    private var python = PythonTracebackRule()
    private let scratch: RegexScratch?
    /// The lines of the open group.
    private(set) var pending: [Event] = []
    private var pendingBytes = 0
    /// `,"<field>":` as JSON.
    private let member: [UInt8]

    init(rule: MultilineRule) {
        self.rule = rule
        if case .pattern = rule.kind { scratch = RegexScratch() } else { scratch = nil }
        var member = Array(",".utf8)
        JSONStringCodec.appendQuoted(Array(rule.field.utf8), to: &member)
        member.append(UInt8(ascii: ":"))
        self.member = member
    }

    var hasPending: Bool { !pending.isEmpty }

    /// Takes the next line; appends the groups it completes to `out`.
    mutating func feed(_ line: consuming Event, into out: inout [Event]) {
        let joins = line.line.withUnsafeBufferPointer { decide($0) }
        if !joins || pending.isEmpty {
            flush(into: &out)
        } else if pending.count >= rule.maxLines || pendingBytes + line.line.count + 1 > rule.maxBytes {
            // Too long: what was gathered goes as one event, the rest as the next.
            flush(into: &out)
        }
        pendingBytes += line.line.count + 1
        pending.append(line)
    }

    /// Hands on the open group (its last line came, or no more will).
    mutating func flush(into out: inout [Event]) {
        guard !pending.isEmpty else { return }
        if pending.count == 1 {
            out.append(pending.removeLast())  // moved, not copied
        } else {
            out.append(merged())
            pending.removeAll(keepingCapacity: true)
        }
        pendingBytes = 0
    }

    private mutating func decide(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        switch rule.kind {
        case .python:
            return python.joins(line)
        case .pattern(let start, let continuation):
            if start.matches(line, using: scratch!) { return false }
            guard let continuation else { return true }
            return continuation.matches(line, using: scratch!)
        }
    }

    /// One event for the pending lines.
    private func merged() -> Event {
        let first = pending[0]
        let last = pending[pending.count - 1]
        var text: [UInt8] = []
        text.reserveCapacity(pendingBytes + member.count + 16)
        let startsWithJSON = first.line.first { $0 != 0x20 && $0 != 0x09 } == UInt8(ascii: "{")
        var rest = pending.dropFirst()
        // Blank lines at the end (Python prints one after some tracebacks) carry nothing.
        while let tail = rest.last, rest.count > 1, tail.line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { rest.removeLast() }
        if startsWithJSON, let close = first.line.lastIndex(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }), first.line[close] == UInt8(ascii: "}") {
            text.append(contentsOf: first.line[..<close])
            // `{}` takes the member without a comma.
            let body = first.line[..<close].dropFirst().contains { $0 != 0x20 && $0 != 0x09 }
            text.append(contentsOf: body ? member[...] : member.dropFirst())
            var joined: [UInt8] = []
            joined.reserveCapacity(pendingBytes)
            for (n, line) in rest.enumerated() {
                if n > 0 { joined.append(0x0A) }
                joined.append(contentsOf: line.line)
            }
            JSONStringCodec.appendQuoted(joined, to: &text)
            text.append(UInt8(ascii: "}"))
        } else {
            text.append(contentsOf: first.line)
            for line in rest {
                text.append(0x0A)
                text.append(contentsOf: line.line)
            }
        }
        var flags: EventFlags = []
        if pending.contains(where: { $0.flags.contains(.truncatedLine) }) { flags.insert(.truncatedLine) }
        let end = last.origin.offset + UInt64(last.origin.length)
        return Event(
            line: text[...],
            origin: Origin(fileID: first.origin.fileID, offset: first.origin.offset, length: UInt32(clamping: end - first.origin.offset),
                           fileKey: first.origin.fileKey, source: first.origin.source),
            readTime: first.readTime, flags: flags)
    }
}
