/// Reads one line written by a container runtime: the CRI format under `/var/log/pods`
/// (`<RFC 3339 time> <stdout|stderr> <P|F> <line>`) and Docker's json-file
/// (`{"log":"<line>\n","stream":"stdout","time":"…"}`). The application's line (the payload)
/// is a slice of the input for CRI, decoded from its JSON string for Docker.
public enum ContainerLine {
    /// The field the runtime's time is kept in (tried last for the event time).
    public static let runtimeTimeField = "runtime_time"
    /// The field the stream (`stdout`, `stderr`) is kept in.
    public static let streamField = "stream"

    /// One decoded line.
    public struct Decoded {
        /// The application's bytes (without the runtime's prefix, or decoded from `log`).
        public var payload: ArraySlice<UInt8>
        /// `stdout` or `stderr` as written.
        public var stream: ArraySlice<UInt8>
        /// The runtime's RFC 3339 time as written.
        public var time: ArraySlice<UInt8>
        /// The runtime split the line (CRI `P`, Docker without the final `\n`): the next
        /// line of the same stream continues it.
        public var partial: Bool
    }

    /// A CRI line; nil when `line` is not one.
    public static func cri(_ line: ArraySlice<UInt8>) -> Decoded? {
        let space = UInt8(ascii: " ")
        guard let timeEnd = line.firstIndex(of: space), timeEnd > line.startIndex,
            line[line.startIndex] &- UInt8(ascii: "0") < 10
        else { return nil }
        let afterTime = line.index(after: timeEnd)
        guard let streamEnd = line[afterTime...].firstIndex(of: space) else { return nil }
        let stream = line[afterTime..<streamEnd]
        guard stream.elementsEqual("stdout".utf8) || stream.elementsEqual("stderr".utf8) else { return nil }
        let tagStart = line.index(after: streamEnd)
        let tagEnd = line[tagStart...].firstIndex(of: space) ?? line.endIndex
        // The first tag is P (partial) or F (full); others may follow after `:`.
        guard tagEnd > tagStart else { return nil }
        let tag = line[tagStart]
        guard tag == UInt8(ascii: "P") || tag == UInt8(ascii: "F") else { return nil }
        let payloadStart = tagEnd < line.endIndex ? line.index(after: tagEnd) : line.endIndex
        return Decoded(payload: line[payloadStart...], stream: stream, time: line[line.startIndex..<timeEnd], partial: tag == UInt8(ascii: "P"))
    }

    /// A Docker json-file line; nil when `line` is not one.
    public static func docker(_ line: ArraySlice<UInt8>) -> Decoded? {
        guard line.first == UInt8(ascii: "{"), let object = try? JSONObject(parsing: line) else { return nil }
        var log: [UInt8] = []
        let hasLog: Bool = object.withValue(FieldPath(key: "log")) { kind, raw -> Bool in
            guard kind == .string else { return false }
            JSONStringCodec.decode(UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast()), into: &log)
            return true
        } ?? false
        guard hasLog else { return nil }
        let partial = log.last != 0x0A
        if !partial { log.removeLast() }
        if log.last == 0x0D && !partial { log.removeLast() }
        let stream = object.valueBytes(FieldPath(key: "stream")) ?? []
        let time = object.valueBytes(FieldPath(key: "time")) ?? []
        return Decoded(payload: log[...], stream: stream[...], time: time[...], partial: partial)
    }
}
