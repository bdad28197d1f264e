import SluiceCore

/// Turns one file's lines into events on the reading thread, for a source that decodes,
/// joins or annotates them (``FileSourceConfig/assemblesLines``):
///
/// 1. a container runtime's line is decoded (``ContainerLine``: CRI or Docker json-file), and
///    the pieces of a line the runtime split (`P`, or Docker's line without `\n`) are joined
///    into one, bounded by `max_line_bytes`;
/// 2. lines are grouped by `multiline:` (``LineGrouper``);
/// 3. the runtime's stream and time and the Kubernetes metadata of the file's path are added
///    as members: into the application's JSON object, or beside its text as `message`.
///
/// An event's origin spans every line it was made from. What may still go on (a split line
/// without its last piece, a group) is held and not acknowledged, so checkpoints never fall
/// inside it.
struct LineAssembler {
    let format: ContainerLogFormat
    let maxLineBytes: Int
    private var grouper: LineGrouper?
    /// `"k8s.namespace.name":"ml",…` for this file (empty: none).
    private let pathMembers: [UInt8]

    /// The pieces of a split line so far.
    private struct Partial {
        var first: Event
        var payload: [UInt8]
        var stream: ArraySlice<UInt8>
        var time: ArraySlice<UInt8>
        var end: UInt64
        var truncated: Bool
    }
    private var partial: Partial?

    /// The runtime's stream and time of each decoded line still in the grouper, by offset.
    private struct Meta {
        var offset: UInt64
        var stream: ArraySlice<UInt8>
        var time: ArraySlice<UInt8>
    }
    private var metas: [Meta] = []
    private var metaStart = 0
    /// The grouper's events before they are finished (kept for its capacity).
    private var grouped: [Event] = []

    init(source: FileSourceConfig, path: String) {
        format = source.format
        maxLineBytes = source.maxLineBytes
        grouper = source.multiline.map(LineGrouper.init)
        var members: [UInt8] = []
        for (name, value) in source.kubernetes?.values(forPath: path) ?? [] {
            if !members.isEmpty { members.append(UInt8(ascii: ",")) }
            JSONStringCodec.appendQuoted(Array(name.utf8), to: &members)
            members.append(UInt8(ascii: ":"))
            JSONStringCodec.appendQuoted(Array(value.utf8), to: &members)
        }
        pathMembers = members
    }

    var hasPending: Bool { partial != nil || grouper?.hasPending == true }

    /// Whether a run of JSON lines may pass through uncut: `multiline: python` alone, where a
    /// line starting with `{` always begins an event (so each but the last of such a run is
    /// an event as it is).
    var passesJSONLinesThrough: Bool {
        guard format == .lines, pathMembers.isEmpty, let grouper, case .python = grouper.rule.kind else { return false }
        return true
    }

    /// The first line of the open group or split line (the file's first line, before the
    /// first event is made).
    var firstPendingLine: ArraySlice<UInt8>? { partial?.first.line ?? grouper?.pending.first?.line }

    /// Takes the next line; appends the events it completes to `out`.
    mutating func feed(_ line: consuming Event, into out: inout [Event]) {
        if format == .lines {
            group(line, meta: nil, into: &out)
            return
        }
        var decoded: ContainerLine.Decoded?
        switch format {
        case .cri: decoded = ContainerLine.cri(line.line)
        case .docker: decoded = ContainerLine.docker(line.line)
        case .auto: decoded = line.line.first == UInt8(ascii: "{") ? ContainerLine.docker(line.line) : ContainerLine.cri(line.line)
        case .lines: break
        }
        guard let decoded else {
            // Not the runtime's format: a line of its own, as it is.
            flushPartial(into: &out)
            return group(line, meta: nil, into: &out)
        }
        let end = line.origin.offset + UInt64(line.origin.length)
        if var held = partial {
            if !held.stream.elementsEqual(decoded.stream) {
                // Another stream's line: the split one will not be finished before it.
                flushPartial(into: &out)
            } else {
                let room = max(0, maxLineBytes - held.payload.count)
                held.payload.append(contentsOf: decoded.payload.prefix(room))
                held.truncated = held.truncated || decoded.payload.count > room || line.flags.contains(.truncatedLine)
                held.end = end
                partial = held
                if !decoded.partial { flushPartial(into: &out) }
                return
            }
        }
        if decoded.partial {
            partial = Partial(
                first: line, payload: Array(decoded.payload.prefix(maxLineBytes)), stream: decoded.stream, time: decoded.time, end: end,
                truncated: decoded.payload.count > maxLineBytes || line.flags.contains(.truncatedLine))
            return
        }
        let meta = Meta(offset: line.origin.offset, stream: decoded.stream, time: decoded.time)
        var event = line
        event.line = decoded.payload
        group(event, meta: meta, into: &out)
    }

    /// Hands on what is held (no more lines will come, or they were quiet long enough).
    mutating func flush(into out: inout [Event]) {
        flushPartial(into: &out)
        guard grouper != nil else { return }
        guard format != .lines || !pathMembers.isEmpty else { return grouper!.flush(into: &out) }
        grouper!.flush(into: &grouped)
        finishGrouped(into: &out)
    }

    private mutating func flushPartial(into out: inout [Event]) {
        guard let held = partial else { return }
        partial = nil
        var event = held.first
        event.line = held.payload[...]
        event.origin.length = UInt32(clamping: held.end - held.first.origin.offset)
        if held.truncated { event.flags.insert(.truncatedLine) }
        group(event, meta: Meta(offset: held.first.origin.offset, stream: held.stream, time: held.time), into: &out)
    }

    private mutating func group(_ event: consuming Event, meta: Meta?, into out: inout [Event]) {
        if grouper == nil {
            finish(event, meta: meta, into: &out)
            return
        }
        // Plain multiline: the grouper's events are final.
        if format == .lines && pathMembers.isEmpty {
            grouper!.feed(event, into: &out)
            return
        }
        if let meta { metas.append(meta) }
        grouper!.feed(event, into: &grouped)
        finishGrouped(into: &out)
    }

    /// Finishes what the grouper handed on (usually none or one event).
    private mutating func finishGrouped(into out: inout [Event]) {
        var k = 0
        while k < grouped.count {
            var event = Event("")
            swap(&event, &grouped[k])
            finish(event, into: &out)
            k += 1
        }
        grouped.removeAll(keepingCapacity: true)
    }

    /// The meta of a grouped event: that of its first line (older entries are dropped).
    private mutating func finish(_ event: consuming Event, into out: inout [Event]) {
        var meta: Meta?
        let end = event.origin.offset + UInt64(event.origin.length)
        while metaStart < metas.count, metas[metaStart].offset < end {
            if metas[metaStart].offset == event.origin.offset { meta = metas[metaStart] }
            metaStart += 1
        }
        if metaStart > 64 && metaStart * 2 > metas.count {
            metas.removeFirst(metaStart)
            metaStart = 0
        }
        finish(event, meta: meta, into: &out)
    }

    /// Adds the stream, the runtime's time and the path's metadata.
    private func finish(_ event: consuming Event, meta: Meta?, into out: inout [Event]) {
        if meta == nil && pathMembers.isEmpty {
            out.append(event)
            return
        }
        var members: [UInt8] = []
        if let meta {
            JSONStringCodec.appendQuoted(Array(ContainerLine.streamField.utf8), to: &members)
            members.append(UInt8(ascii: ":"))
            JSONStringCodec.appendQuoted(meta.stream, to: &members)
            members.append(UInt8(ascii: ","))
            JSONStringCodec.appendQuoted(Array(ContainerLine.runtimeTimeField.utf8), to: &members)
            members.append(UInt8(ascii: ":"))
            JSONStringCodec.appendQuoted(meta.time, to: &members)
        }
        if !pathMembers.isEmpty {
            if !members.isEmpty { members.append(UInt8(ascii: ",")) }
            members.append(contentsOf: pathMembers)
        }
        var spliced = event
        spliced.line = Self.splice(spliced.line, members: members)[...]
        out.append(spliced)
    }

    /// `{<members>,<the object's members>}` for a JSON object line; `{"message":"<line>",<members>}` otherwise.
    static func splice(_ line: ArraySlice<UInt8>, members: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(line.count + members.count + 16)
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        if let open = line.firstIndex(where: { !isSpace($0) }), line[open] == UInt8(ascii: "{"),
            let close = line.lastIndex(where: { !isSpace($0) }), close > open, line[close] == UInt8(ascii: "}")
        {
            out.append(UInt8(ascii: "{"))
            out.append(contentsOf: members)
            let body = line[line.index(after: open)..<close]
            if body.contains(where: { !isSpace($0) }) { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: line[line.index(after: open)...])
            return out
        }
        out.append(contentsOf: #"{"message":"#.utf8)
        JSONStringCodec.appendQuoted(line, to: &out)
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: members)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
