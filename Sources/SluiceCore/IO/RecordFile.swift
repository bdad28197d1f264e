import CDeflate
import Glibc

/// A small file of records, written whole and atomically with its previous generation kept:
/// the tailer's checkpoints, the state of stages that outlive the process.
///
/// Format: a header line `<magic> <version> <records> <crc32 of the body, hex>`, then one line
/// per record, its fields separated by tabs (`%`, tab and newline in a field percent-escaped).
/// Written as: a temp file, fsync, the current file renamed to `<path>.prev`, the temp file
/// renamed to `<path>`, fsync of the directory. A file that fails its checks (truncated, NUL
/// bytes, a bad CRC, a record count that does not match) is refused, and ``load(_:)`` falls back
/// to the previous generation.
public struct RecordFile: Sendable {
    public let path: String
    public let magic: String
    public let version: Int
    public var previousPath: String { path + ".prev" }
    var temporaryPath: String { path + ".tmp" }
    var directory: String { Directory.parent(of: path) }

    public init(path: String, magic: String, version: Int = 1) {
        self.path = path
        self.magic = magic
        self.version = version
    }

    /// Why a generation was refused (content-free).
    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// What ``load(_:)`` found.
    public struct Loaded<Value> {
        public enum Source: Sendable, Equatable { case current, previous, none }
        /// What the newest usable generation's records were read as (nil: `.none`).
        public var value: Value?
        public var source: Source
        /// Content-free descriptions of generations that failed their checks.
        public var problems: [String]
    }

    /// Both generations exist and both fail their checks.
    public struct BothCorrupt: Error, CustomStringConvertible {
        public var problems: [String]
        public var description: String { "both generations are unusable (\(problems.joined(separator: "; ")))" }
    }

    /// The newest generation that passes its checks and that `read` accepts (it throws on
    /// records it cannot use: then the previous generation is tried); `.none` when neither
    /// exists.
    public func load<Value>(_ read: ([[String]]) throws -> Value) throws -> Loaded<Value> {
        var problems: [String] = []
        var sawAny = false
        for (candidate, source) in [(path, Loaded<Value>.Source.current), (previousPath, .previous)] {
            guard access(candidate, F_OK) == 0 else { continue }
            sawAny = true
            do {
                return Loaded(value: try read(try decode(try FileIO.readAll(candidate))), source: source, problems: problems)
            } catch {
                problems.append("\(candidate): \(error)")
            }
        }
        if sawAny { throw BothCorrupt(problems: problems) }
        return Loaded(value: nil, source: .none, problems: [])
    }

    /// Writes `records` as the new current generation (the current one becomes the previous).
    public func write(_ records: [[String]]) throws {
        try write(Self.body(records))
    }

    /// Writes the records of `body` as the new current generation (the current one becomes
    /// the previous).
    public func write(_ body: RecordFileBody) throws {
        let bytes = encode(body)
        // Renamed to `path`, then to `path.prev`: all three keep this mode.
        let fd = try FileIO.open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, mode: PrivateMode.file)
        do {
            try FileIO.writeAll(fd, bytes, path: temporaryPath)
            try FileIO.sync(fd, path: temporaryPath)
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        if access(path, F_OK) == 0, rename(path, previousPath) != 0 {
            throw SystemError("rename", path: path)
        }
        guard rename(temporaryPath, path) == 0 else { throw SystemError("rename", path: temporaryPath) }
        let dirFD = try FileIO.open(directory, O_RDONLY | O_DIRECTORY)
        defer { close(dirFD) }
        try FileIO.sync(dirFD, path: directory)
    }

    public func encode(_ records: [[String]]) -> [UInt8] {
        encode(Self.body(records))
    }

    /// The header line, then the body.
    public func encode(_ body: RecordFileBody) -> [UInt8] {
        Array("\(magic) \(version) \(body.records) \(String(Self.crc(body.bytes), radix: 16))\n".utf8) + body.bytes
    }

    static func body(_ records: [[String]]) -> RecordFileBody {
        var body = RecordFileBody()
        for record in records {
            for field in record { body.field(field) }
            body.endRecord()
        }
        return body
    }

    public func decode(_ bytes: [UInt8]) throws -> [[String]] {
        guard let newline = bytes.firstIndex(of: 0x0A) else { throw FormatError(description: "no header (truncated or empty)") }
        let header = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ")
        guard header.count == 4, header[0] == magic else { throw FormatError(description: "not a \(magic) file (bad header)") }
        guard header[1] == "\(version)" else { throw FormatError(description: "unsupported version \(header[1])") }
        guard let count = Int(header[2]), let expectedCRC = UInt32(header[3], radix: 16) else {
            throw FormatError(description: "bad header")
        }
        let body = Array(bytes[(newline + 1)...])
        guard Self.crc(body) == expectedCRC else { throw FormatError(description: "checksum mismatch (corrupt or truncated)") }
        let records = body.split(separator: 0x0A).map { line in
            String(decoding: line, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false).map { Self.unescape(String($0)) }
        }
        guard records.count == count else { throw FormatError(description: "expected \(count) records, found \(records.count)") }
        return records
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { libdeflate_crc32(0, $0.baseAddress, $0.count) }
    }

    /// A field as read back: the escapes ``RecordFileBody`` writes (`%25`, `%09`, `%0A`) as `%`,
    /// tab and newline.
    public static func unescape(_ s: String) -> String {
        guard s.contains("%") else { return s }
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
