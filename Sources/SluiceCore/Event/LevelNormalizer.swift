/// The one spelling of a log level that stages write and compare.
public enum LogLevel: String, Sendable, CaseIterable, Comparable {
    case debug, info, warning, error, critical

    package var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rank < b.rank }

    /// The spelling as JSON string bytes (with quotes).
    package var quoted: [UInt8] { Array("\"\(rawValue)\"".utf8) }
}

/// Reads a level in any of the spellings producers use and maps it to a ``LogLevel``.
///
/// Names, case-insensitive: `trace`, `debug`, `dbg`, `verbose`, `fine`, `finer`, `finest` →
/// debug; `info`, `information`, `informational`, `notice` → info; `warn`, `warning` →
/// warning; `error`, `err`, `eror` → error; `critical`, `crit`, `fatal`, `alert`, `emerg`,
/// `emergency`, `panic`, `severe` → critical.
///
/// Numbers (a JSON number, or a string of digits) follow one scheme, chosen in config,
/// because the common schemes disagree (30 is `warning` in Python, `info` in bunyan/pino):
///
/// | scheme | debug | info | warning | error | critical |
/// | --- | --- | --- | --- | --- | --- |
/// | `python` (default; logging, structlog) | < 20 | 20–29 | 30–39 | 40–49 | ≥ 50 |
/// | `bunyan` (also pino) | < 30 | 30–39 | 40–49 | 50–59 | ≥ 60 |
/// | `syslog` (severity 0–7) | 7 | 5–6 | 4 | 3 | 0–2 |
/// | `none` | numbers are not levels | | | | |
public struct LevelNormalizer: Sendable {
    /// How numeric levels are read.
    public enum NumericScheme: String, Sendable, CaseIterable {
        case python, bunyan, syslog, none
    }

    public var numeric: NumericScheme

    public init(numeric: NumericScheme = .python) { self.numeric = numeric }

    static let names: [([UInt8], LogLevel)] = ([
        ("info", .info), ("debug", .debug), ("warning", .warning), ("warn", .warning), ("error", .error),
        ("critical", .critical), ("trace", .debug), ("dbg", .debug), ("verbose", .debug), ("fine", .debug),
        ("finer", .debug), ("finest", .debug), ("information", .info), ("informational", .info),
        ("notice", .info), ("err", .error), ("eror", .error), ("crit", .critical), ("fatal", .critical),
        ("alert", .critical), ("emerg", .critical), ("emergency", .critical), ("panic", .critical),
        ("severe", .critical),
    ] as [(String, LogLevel)]).map { (Array($0.0.utf8), $0.1) }

    /// The level of a JSON value, or nil when it is not one.
    public func level(_ kind: JSONKind, _ raw: UnsafeBufferPointer<UInt8>) -> LogLevel? {
        switch kind {
        case .string:
            let body = UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast())
            if let named = Self.named(body) { return named }
            return integer(body).flatMap(level(number:))
        case .number:
            return integer(raw).flatMap(level(number:))
        default:
            return nil
        }
    }

    /// The level a name spells (ASCII case-insensitive).
    package static func named(_ s: UnsafeBufferPointer<UInt8>) -> LogLevel? {
        guard s.count <= 13 else { return nil }
        for (name, level) in names where name.count == s.count {
            var same = true
            for k in 0..<s.count where (s[k] | 0x20) != name[k] || !isLetter(s[k]) {
                same = false
                break
            }
            if same { return level }
        }
        return nil
    }

    @inline(__always)
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- UInt8(ascii: "a") < 26 }

    func integer(_ s: UnsafeBufferPointer<UInt8>) -> Int? {
        guard numeric != .none, !s.isEmpty, s.count <= 4 else { return nil }
        var v = 0
        for b in s {
            let d = b &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
        }
        return v
    }

    /// The level a number means in the configured scheme.
    public func level(number v: Int) -> LogLevel? {
        switch numeric {
        case .python:
            return v < 20 ? .debug : v < 30 ? .info : v < 40 ? .warning : v < 50 ? .error : .critical
        case .bunyan:
            return v < 30 ? .debug : v < 40 ? .info : v < 50 ? .warning : v < 60 ? .error : .critical
        case .syslog:
            switch v {
            case 0...2: return .critical
            case 3: return .error
            case 4: return .warning
            case 5...6: return .info
            case 7: return .debug
            default: return nil
            }
        case .none:
            return nil
        }
    }

    /// Reads a list of level names from the pipeline file.
    package static func readLevels(_ node: ConfigNode) -> Set<LogLevel>? {
        guard let names = node.stringList() else { return nil }
        var levels: Set<LogLevel> = []
        for name in names {
            let found = Array(name.utf8).withUnsafeBufferPointer { named($0) }
            guard let found else {
                node.error("\"\(name)\" is not a level; use \(LogLevel.allCases.map(\.rawValue).joined(separator: ", "))",
                    suggestion: closestSpelling(to: name, in: LogLevel.allCases.map(\.rawValue)))
                return nil
            }
            levels.insert(found)
        }
        return levels
    }
}
