import CDeflate
import Glibc
import SluiceCore

/// Where a file was read up to, durably: the offset every output has acknowledged, with the
/// identity needed to recognise the file after a restart.
public struct Checkpoint: Sendable, Equatable {
    public var path: String
    public var identity: FileIdentity
    /// Everything before this offset was acknowledged by every output.
    public var offset: UInt64
    /// Hash of the `checkLength` bytes just before `offset`: catches a file rewritten in place.
    public var checkLength: Int
    public var check: UInt64

    /// The offset of an entry that records a generation truncated away (copytruncate), not a
    /// position: its copies are recognised after a restart too, and not read again as files
    /// of their own (see ``truncatedGeneration(path:identity:end:checkLength:check:)``).
    public static let truncatedGenerationMarker = UInt64.max

    /// An entry recording a truncated generation: its identity (the key field holds where
    /// the generation ended) and the hash of the bytes before its end.
    static func truncatedGeneration(path: String, identity: FileIdentity, end: UInt64, checkLength: Int, check: UInt64) -> Checkpoint {
        var recorded = identity
        recorded.key = end
        return Checkpoint(path: path, identity: recorded, offset: truncatedGenerationMarker, checkLength: checkLength, check: check)
    }

    /// Whether this entry records a truncated generation rather than a position.
    var isTruncatedGeneration: Bool { offset == Self.truncatedGenerationMarker }

    /// The key of an entry written before its file's key was fixed (no complete first line
    /// yet): the key is computed when the file is read again.
    public static let keyNotFixed: UInt64 = 0

    public init(path: String, identity: FileIdentity, offset: UInt64, checkLength: Int, check: UInt64) {
        self.path = path
        self.identity = identity
        self.offset = offset
        self.checkLength = checkLength
        self.check = check
    }
}

/// Checkpoints on disk: `<data_dir>/checkpoints` and the previous generation
/// `<data_dir>/checkpoints.prev`, a ``RecordFile`` (`sluice-checkpoints 1`) with one record
/// per file: path, device, inode, fingerprint length, fingerprint, key, offset, check length
/// and check. A generation that fails its checks (NUL bytes, truncation, a bad CRC) is refused
/// and the previous one used instead.
public final class CheckpointStore: @unchecked Sendable {
    // Used by one thread at a time (the tailer's, then shutdown's).
    public let directory: String
    let file: RecordFile
    public var currentPath: String { file.path }
    public var previousPath: String { file.previousPath }

    /// What loading found.
    public struct Loaded: Sendable {
        public typealias Source = RecordFile.Loaded<[Checkpoint]>.Source
        public var checkpoints: [Checkpoint]
        public var source: Source
        /// Content-free descriptions of files that failed their checks.
        public var problems: [String]
    }

    public enum Failure: Error, CustomStringConvertible {
        /// Both generations exist and both fail their checks.
        case bothCorrupt([String])

        public var description: String {
            switch self {
            case .bothCorrupt(let problems):
                "both checkpoint generations are unusable (\(problems.joined(separator: "; ")))"
            }
        }
    }

    public init(directory: String) {
        self.directory = directory
        file = Self.recordFile(directory + "/checkpoints")
    }

    static func recordFile(_ path: String) -> RecordFile { RecordFile(path: path, magic: "sluice-checkpoints") }

    /// Creates the directory (``PrivateMode/directory``) and proves it writable, with a clear
    /// error otherwise.
    public func prepare() throws {
        try FileIO.makeDirectories(directory, mode: PrivateMode.directory)
        let probe = directory + "/.write-test"
        let fd = try FileIO.open(probe, O_WRONLY | O_CREAT | O_TRUNC, mode: PrivateMode.file)
        defer {
            close(fd)
            unlink(probe)
        }
        try FileIO.writeAll(fd, Array("ok\n".utf8), path: probe)
        try FileIO.sync(fd, path: probe)
    }

    /// `<data_dir>/started`: when the tailer last started (its modification time).
    var startedPath: String { directory + "/started" }

    /// When the previous run started (nanoseconds since the epoch), or nil; then marks this
    /// run's start. Files created before the previous run started were there for it to see.
    public func markStart() -> Int64? {
        var st = stat()
        let previous = stat(startedPath, &st) == 0 ? FileIO.nanoseconds(st.st_mtim) : nil
        if let fd = try? FileIO.open(startedPath, O_WRONLY | O_CREAT | O_TRUNC, mode: PrivateMode.file) {
            _ = try? FileIO.writeAll(fd, Array("\(getpid())\n".utf8), path: startedPath)
            close(fd)
        }
        return previous
    }

    /// Loads the newest generation that passes its checks.
    public func load() throws -> Loaded {
        do {
            let loaded = try file.load(Self.checkpoints)
            return Loaded(checkpoints: loaded.value ?? [], source: loaded.source, problems: loaded.problems)
        } catch let failure as RecordFile.BothCorrupt {
            throw Failure.bothCorrupt(failure.problems)
        }
    }

    /// Writes `checkpoints` as the new current generation.
    public func save(_ checkpoints: [Checkpoint]) throws {
        try file.write(Self.body(checkpoints))
    }

    // MARK: Format

    /// One record a checkpoint: path, device, inode, fingerprint length, fingerprint (hex),
    /// key (hex), offset, check length, check (hex).
    static func body(_ checkpoints: [Checkpoint]) -> RecordFileBody {
        var body = RecordFileBody(capacity: checkpoints.count * 128)
        for c in checkpoints {
            body.field(c.path)
            body.field(c.identity.device)
            body.field(c.identity.inode)
            body.field(c.identity.fingerprintLength)
            body.hexField(c.identity.fingerprint)
            body.hexField(c.identity.key)
            body.field(c.offset)
            body.field(c.checkLength)
            body.hexField(c.check)
            body.endRecord()
        }
        return body
    }

    static func checkpoints(_ records: [[String]]) throws -> [Checkpoint] {
        try records.map { f in
            guard f.count == 9, let device = UInt64(f[1]), let inode = UInt64(f[2]), let fpLength = Int(f[3]),
                let fp = UInt64(f[4], radix: 16), let key = UInt64(f[5], radix: 16), let offset = UInt64(f[6]),
                let checkLength = Int(f[7]), let check = UInt64(f[8], radix: 16)
            else { throw RecordFile.FormatError(description: "malformed entry") }
            return Checkpoint(
                path: f[0], identity: FileIdentity(device: device, inode: inode, fingerprintLength: fpLength, fingerprint: fp, key: key),
                offset: offset, checkLength: checkLength, check: check)
        }
    }

    static func encode(_ checkpoints: [Checkpoint]) -> [UInt8] {
        recordFile("checkpoints").encode(body(checkpoints))
    }

    static func decode(_ bytes: [UInt8]) throws -> [Checkpoint] {
        try checkpoints(recordFile("checkpoints").decode(bytes))
    }

    static func hex(_ v: UInt64) -> String { String(v, radix: 16) }
}
