import Glibc
import SluiceCore

/// `type: file`: appends each event as one line of JSON to `path`, synced to disk before a
/// batch counts as delivered (unless `fsync: false`). A batch is appended whole or not at all
/// (a full disk leaves no part of it to be duplicated by the retry; see ``LineAppender``). A
/// line left unterminated by a crash is removed when the file is opened again.
public final class FileOutput: EventWriter {
    /// The output's options.
    public struct Options: OutputOptions {
        public static let typeName = "file"
        public var path: String
        /// Sync after every batch (the batch is acknowledged only once it is on disk).
        public var fsync: Bool

        public init(path: String, fsync: Bool = true) {
            self.path = path
            self.fsync = fsync
        }

        public init?(from map: ConfigMapping) {
            path = map.required("path")?.filePath() ?? ""
            fsync = map["fsync"]?.bool() ?? true
            map.finish()
            guard map.isValid else { return nil }
        }

        public func makeOutput(name: String, context: OutputContext) throws -> any Output {
            let output = try FileOutput(name: name, options: self)
            if output.cutOnOpen > 0 {
                context.logger.warning("the output file ended in a line cut off by a crash; removed it (its lines are sent again)", metadata: [
                    "output": "\(name)", "path": "\(path)", "bytes": "\(output.cutOnOpen)",
                ])
            }
            return DirectOutput(name: name, writer: output, context: context)
        }
        public func preview(_ event: Event, into out: inout [UInt8]) { event.serialize(into: &out) }
    }

    public let name: String
    let options: Options
    private let file: LineAppender
    /// Bytes of an unterminated last line removed when the file was opened (see ``LineFile``).
    public var cutOnOpen: Int { file.cutOnOpen }

    public convenience init(name: String, options: Options) throws {
        self.init(name: name, options: options, file: try LineAppender(path: options.path))
    }

    /// An output appending through `file` (tests pass one whose system calls fail).
    init(name: String, options: Options, file: LineAppender) {
        self.name = name
        self.options = options
        self.file = file
    }

    public func write(_ events: [Event]) throws {
        try file.append(sync: options.fsync) { NDJSONWriter.encode(events, into: &$0) }
    }

    public func flush() throws { try file.sync() }
    public func close() throws {
        defer { file.close() }
        try file.sync()
    }
}
