/// Where an event came from: a file (by its id in the tailer's registry) and a byte range.
/// The pair (file fingerprint, offset) is what makes replays idempotent downstream.
public struct Origin: Sendable, Hashable {
    /// The source file's id, assigned by the reader that produced the event.
    public var fileID: UInt32
    /// Byte offset of the line's first byte in the file.
    public var offset: UInt64
    /// Length of the line in the file, including its line terminator.
    public var length: UInt32
    /// The stable key of the file's generation (``SluiceTail/FileIdentity``'s key): with
    /// `offset`, what names the line in event ids, the same whichever name or copy it was
    /// read from and across restarts. Outputs read it here, never from the tailer.
    public var fileKey: UInt64
    /// The `sources:` entry that read the line (``SourceNames``); 0 for events a stage made.
    public var source: UInt16

    public init(fileID: UInt32, offset: UInt64, length: UInt32, fileKey: UInt64 = 0, source: UInt16 = 0) {
        self.fileID = fileID
        self.offset = offset
        self.length = length
        self.fileKey = fileKey
        self.source = source
    }
}

/// Facts about an event that stages and outputs may act on.
public struct EventFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Not parsed yet: the fields are empty and the line is the whole content.
    public static let raw = EventFlags(rawValue: 1 << 0)
    /// The line was not a JSON object; it is kept as `message`.
    public static let parseError = EventFlags(rawValue: 1 << 1)
    /// No timestamp was found in the event; ``Event/timestamp`` is the read time.
    public static let timestampFromReadTime = EventFlags(rawValue: 1 << 2)
    /// The line was longer than `max_line_bytes` and was cut; the event carries
    /// `truncated: true` once it has fields.
    public static let truncatedLine = EventFlags(rawValue: 1 << 3)
    /// The line held bytes that are not UTF-8.
    public static let invalidUTF8 = EventFlags(rawValue: 1 << 4)
    /// The fields were built from the unparsed line: its whole text is the `message` member.
    public static let lineInMessage = EventFlags(rawValue: 1 << 5)
}

/// One log event: the line as read, its fields, its origin and its timestamp.
///
/// Events are values; a batch of them is transformed in place by the stage chain on one
/// thread. The line bytes are shared with the buffer they were read into (no copy).
public struct Event: Sendable {
    /// The line as read, without its line terminator.
    public var line: ArraySlice<UInt8>
    /// The event's fields. Empty while the event is ``EventFlags/raw``.
    public var fields: JSONObject
    /// Where the line came from.
    public var origin: Origin
    /// Event time in nanoseconds since the Unix epoch (UTC).
    public var timestamp: Int64
    /// When the line was read, in nanoseconds since the Unix epoch (OTLP's observed time).
    public var readTime: Int64
    /// What is known about this event.
    public var flags: EventFlags
    /// Scratch for the stage chain, which tags events while a conditional stage runs on some
    /// of a batch's events; stages leave it alone.
    public var chainSlot: UInt32 = 0

    /// A raw, unparsed event read at `readTime` (nanoseconds since the epoch).
    public init(line: ArraySlice<UInt8>, origin: Origin, readTime: Int64, flags: EventFlags = []) {
        self.line = line
        self.fields = JSONObject()
        self.origin = origin
        self.timestamp = readTime
        self.readTime = readTime
        self.flags = flags.union([.raw, .timestampFromReadTime])
    }

    /// A raw event from a string (tests, dry-run input).
    public init(_ line: String, origin: Origin = Origin(fileID: 0, offset: 0, length: 0), readTime: Int64 = 0) {
        self.init(line: ArraySlice(Array(line.utf8)), origin: origin, readTime: readTime)
    }

    /// The members `parse_json` reads the event time from by default, in the order tried
    /// (outputs that map the time to a field of their own leave the one used out).
    /// `runtime_time` (the container runtime's time of a CRI or Docker line) comes last: the
    /// application's own time wins.
    public static let defaultTimestampFields = ["@timestamp", "timestamp", "ts", "time", ContainerLine.runtimeTimeField]

    /// The member that marks a line cut at `max_line_bytes`: `truncated: true`.
    public static let truncatedKey = FieldPath(key: "truncated")

    /// Turns a raw event into one whose field is `message` holding the whole line (and
    /// `truncated: true` after it when the line was cut).
    public mutating func wrapLineAsMessage() {
        guard flags.contains(.raw) else { return }
        var object = JSONObject()
        line.withUnsafeBufferPointer { p in
            object.setMember("message", kind: .string) { JSONStringCodec.appendQuoted(p, to: &$0) }
        }
        fields = object
        flags.remove(.raw)
        flags.insert(.lineInMessage)
        markIfTruncated()
    }

    /// Adds `truncated: true` when the line was cut at `max_line_bytes`.
    public mutating func markIfTruncated() {
        if flags.contains(.truncatedLine) { fields.setBool(Self.truncatedKey, true) }
    }

    /// Appends the event as one line of compact JSON (no newline).
    public func serialize(into out: inout [UInt8]) {
        if flags.contains(.raw) {
            var copy = self
            copy.wrapLineAsMessage()
            copy.fields.serialize(into: &out)
            return
        }
        fields.serialize(into: &out)
    }
}
