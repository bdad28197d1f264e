import CoreMetrics
import Glibc
import SluiceCore
import Synchronization

/// Appends set-aside events to `<data_dir>/dead_letter.ndjson`, one JSON object per line:
/// `{"@timestamp":…,"stage":…,"reason":…,"file":…,"offset":…,"event":{…}}`.
///
/// The event is written as the stages left it: redaction stages run over dead letters too,
/// so nothing they would have removed reaches this file.
///
/// Written by the worker (stage dead letters) and by every output's thread (refused items):
/// each call appends whole records under a lock, so records never interleave, and all of them
/// or none (a full disk leaves no part of them to be duplicated by the retry; see
/// ``LineAppender``).
///
/// Metrics: `sluice_dead_letter_records_written_total`, `sluice_dead_letter_written_bytes_total`
/// (synced to disk; whoever writes counts its own failures).
public final class DeadLetterWriter: DeadLetterSink, @unchecked Sendable {
    public let path: String
    private let files: SourceFiles
    private let recordsWritten: Counter
    private let bytesWritten: Counter
    private let lock = Mutex(())
    // Guarded by `lock`.
    private var file: LineAppender?
    private let calls: LineAppender.SystemCalls

    /// A writer of `<dataDir>/dead_letter.ndjson`; `calls` are the real system calls unless a
    /// test makes them fail.
    public init(dataDir: String, files: SourceFiles, calls: LineAppender.SystemCalls = .system, metrics: MetricsScope = .discarding) {
        self.path = dataDir + "/dead_letter.ndjson"
        self.files = files
        self.calls = calls
        recordsWritten = metrics.counter("sluice_dead_letter_records_written_total")
        bytesWritten = metrics.counter("sluice_dead_letter_written_bytes_total")
    }

    /// Encodes one record (also used by dry runs to show dead letters).
    public static func encode(_ letter: DeadLetter, file: String?, now: Int64, into out: inout [UInt8]) {
        out.append(contentsOf: #"{"@timestamp":"#.utf8)
        var time: [UInt8] = []
        Self.timeFormat.format(nanosecondsSinceEpoch: now, into: &time)
        JSONStringCodec.appendQuoted(time, to: &out)
        out.append(contentsOf: #","stage":"#.utf8)
        JSONStringCodec.appendQuoted(letter.stage.utf8, to: &out)
        out.append(contentsOf: #","reason":"#.utf8)
        JSONStringCodec.appendQuoted(letter.reason.utf8, to: &out)
        if let file {
            out.append(contentsOf: #","file":"#.utf8)
            JSONStringCodec.appendQuoted(file.utf8, to: &out)
        }
        out.append(contentsOf: #","offset":"#.utf8)
        out.append(contentsOf: String(letter.event.origin.offset).utf8)
        out.append(contentsOf: #","event":"#.utf8)
        letter.event.serialize(into: &out)
        out.append(contentsOf: "}\n".utf8)
    }

    static let timeFormat = try! DateFormatPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")

    /// Appends and syncs `letters`.
    public func write(_ letters: [DeadLetter]) throws {
        guard !letters.isEmpty else { return }
        try lock.withLock { _ in try append(letters) }
    }

    private func append(_ letters: [DeadLetter]) throws {
        let file: LineAppender
        if let open = self.file {
            file = open
        } else {
            if let slash = path.lastIndex(of: "/") { try FileIO.makeDirectories(String(path[..<slash]), mode: PrivateMode.directory) }
            // A record cut off by a crash is removed (it is written again). Records hold
            // event content: the file is the agent user's only.
            file = try LineAppender(path: path, mode: PrivateMode.file, calls: calls)
            self.file = file
        }
        let now = FileIO.nowNanoseconds()
        var bytes = 0
        try file.append(sync: true) { out in
            for letter in letters {
                Self.encode(letter, file: files.path(letter.event.origin.fileID), now: now, into: &out)
            }
            bytes = out.count
        }
        recordsWritten.add(letters.count)
        bytesWritten.add(bytes)
    }

    public func close() {
        lock.withLock { _ in
            file?.close()
            file = nil
        }
    }
}
