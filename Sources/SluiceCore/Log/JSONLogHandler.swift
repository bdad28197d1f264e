import Logging
import Glibc

/// The agent's own logs: one JSON object per line on stderr.
///
/// Messages and metadata are written by Sluice's code, never copied from events: callers
/// pass counts, paths, stage names and error kinds, not line content.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    /// Repeated warnings and errors are thinned out (see ``RepeatLimiter``); nil: every line.
    let repeats: RepeatLimiter?

    public init(label: String, level: Logger.Level, repeats: RepeatLimiter? = nil) {
        self.label = label
        self.logLevel = level
        self.repeats = repeats
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var suppressed = 0
        if let repeats, event.level >= .warning {
            // Per output too: one backend's outage does not hide another's.
            let output = event.metadata?["output"] ?? metadata["output"]
            guard let count = repeats.admit("\(event.level.rawValue) \(event.message) \(output.map { "\($0)" } ?? "")") else { return }
            suppressed = count
        }
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: #"{"@timestamp":"#.utf8)
        var time: [UInt8] = []
        Self.timestampFormat.format(nanosecondsSinceEpoch: FileIO.nowNanoseconds(), into: &time)
        JSONStringCodec.appendQuoted(time, to: &out)
        out.append(contentsOf: #","level":"#.utf8)
        JSONStringCodec.appendQuoted(event.level.rawValue.utf8, to: &out)
        out.append(contentsOf: #","logger":"#.utf8)
        JSONStringCodec.appendQuoted(label.utf8, to: &out)
        out.append(contentsOf: #","msg":"#.utf8)
        JSONStringCodec.appendQuoted(event.message.description.utf8, to: &out)
        var merged = metadata.merging(event.metadata ?? [:]) { $1 }
        if suppressed > 0 { merged["suppressed_repeats"] = "\(suppressed)" }
        for key in merged.keys.sorted() {
            out.append(UInt8(ascii: ","))
            JSONStringCodec.appendQuoted(key.utf8, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONStringCodec.appendQuoted(merged[key]!.description.utf8, to: &out)
        }
        out.append(contentsOf: "}\n".utf8)
        out.withUnsafeBytes { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }

    static let timestampFormat = try! DateFormatPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
}
