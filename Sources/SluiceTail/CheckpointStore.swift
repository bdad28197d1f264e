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
/// `<data_dir>/checkpoints.prev`.
///
/// Format: a header line `sluice-checkpoints 1 <entries> <crc32 of the body, hex>` and one
/// tab-separated line per file. Written atomically: a temp file, fsync, the current file
/// renamed to `.prev`, the temp file renamed to current, fsync of the directory. A file that
/// fails its checks (NUL bytes, truncation, a bad CRC) is refused and the previous
/// generation used instead.
public final class CheckpointStore: @unchecked Sendable {
    // Used by one thread at a time (the tailer's, then shutdown's).
    public let directory: String
    public var currentPath: String { directory + "/checkpoints" }
    public var previousPath: String { directory + "/checkpoints.prev" }
    var temporaryPath: String { directory + "/checkpoints.tmp" }

    /// What loading found.
    public struct Loaded: Sendable {
        public enum Source: Sendable, Equatable { case current, previous, none }
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
    }

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
        var problems: [String] = []
        var sawAny = false
        for (path, source) in [(currentPath, Loaded.Source.current), (previousPath, .previous)] {
            guard access(path, F_OK) == 0 else { continue }
            sawAny = true
            do {
                return Loaded(checkpoints: try Self.decode(try FileIO.readAll(path)), source: source, problems: problems)
            } catch {
                problems.append("\(path): \(error)")
            }
        }
        if sawAny { throw Failure.bothCorrupt(problems) }
        return Loaded(checkpoints: [], source: .none, problems: [])
    }

    /// Writes `checkpoints` as the new current generation.
    public func save(_ checkpoints: [Checkpoint]) throws {
        let bytes = Self.encode(checkpoints)
        // Renamed to `checkpoints`, then to `checkpoints.prev`: all three keep this mode.
        let fd = try FileIO.open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, mode: PrivateMode.file)
        do {
            try FileIO.writeAll(fd, bytes, path: temporaryPath)
            try FileIO.sync(fd, path: temporaryPath)
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        if access(currentPath, F_OK) == 0, rename(currentPath, previousPath) != 0 {
            throw SystemError("rename", path: currentPath)
        }
        guard rename(temporaryPath, currentPath) == 0 else { throw SystemError("rename", path: temporaryPath) }
        let dirFD = try FileIO.open(directory, O_RDONLY | O_DIRECTORY)
        defer { close(dirFD) }
        try FileIO.sync(dirFD, path: directory)
    }

    // MARK: Format

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    static let magic = "sluice-checkpoints"

    static func encode(_ checkpoints: [Checkpoint]) -> [UInt8] {
        var body = ""
        for c in checkpoints {
            let fields = [
                escape(c.path), String(c.identity.device), String(c.identity.inode), String(c.identity.fingerprintLength),
                hex(c.identity.fingerprint), hex(c.identity.key), String(c.offset), String(c.checkLength), hex(c.check),
            ]
            body += fields.joined(separator: "\t") + "\n"
        }
        let bodyBytes = Array(body.utf8)
        return Array("\(magic) 1 \(checkpoints.count) \(hex(UInt64(crc(bodyBytes))))\n".utf8) + bodyBytes
    }

    static func decode(_ bytes: [UInt8]) throws -> [Checkpoint] {
        guard let newline = bytes.firstIndex(of: 0x0A) else { throw FormatError(description: "no header (truncated or empty)") }
        let header = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ")
        guard header.count == 4, header[0] == magic else { throw FormatError(description: "not a checkpoint file (bad header)") }
        guard header[1] == "1" else { throw FormatError(description: "unsupported version \(header[1])") }
        guard let count = Int(header[2]), let expectedCRC = UInt64(header[3], radix: 16) else {
            throw FormatError(description: "bad header")
        }
        let body = Array(bytes[(newline + 1)...])
        guard UInt64(crc(body)) == expectedCRC else { throw FormatError(description: "checksum mismatch (corrupt or truncated)") }
        var out: [Checkpoint] = []
        for line in body.split(separator: 0x0A) {
            let f = String(decoding: line, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 9, let device = UInt64(f[1]), let inode = UInt64(f[2]), let fpLength = Int(f[3]),
                let fp = UInt64(f[4], radix: 16), let key = UInt64(f[5], radix: 16), let offset = UInt64(f[6]),
                let checkLength = Int(f[7]), let check = UInt64(f[8], radix: 16)
            else { throw FormatError(description: "malformed entry") }
            out.append(Checkpoint(
                path: unescape(String(f[0])),
                identity: FileIdentity(device: device, inode: inode, fingerprintLength: fpLength, fingerprint: fp, key: key),
                offset: offset, checkLength: checkLength, check: check))
        }
        guard out.count == count else { throw FormatError(description: "expected \(count) entries, found \(out.count)") }
        return out
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { libdeflate_crc32(0, $0.baseAddress, $0.count) }
    }

    static func hex(_ v: UInt64) -> String { String(v, radix: 16) }

    /// Paths may hold tabs or newlines: percent-escape those and `%`.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "%": out += "%25"
            case "\t": out += "%09"
            case "\n": out += "%0A"
            default: out.append(c)
            }
        }
        return out
    }

    static func unescape(_ s: String) -> String {
        var out = ""
        var rest = Substring(s)
        while let i = rest.firstIndex(of: "%") {
            out += rest[..<i]
            let code = rest[i...].prefix(3)
            switch code {
            case "%25": out += "%"
            case "%09": out += "\t"
            case "%0A": out += "\n"
            default: out += code
            }
            rest = rest[i...].dropFirst(code.count)
        }
        return out + rest
    }
}
