// Logstash/Joda-style date patterns, as used in index names such as
// `ai-workflow-logs-%{+YYYY.MM.dd}` (this type handles the part after `+`).

/// An error compiling a ``DateFormatPattern``.
public enum DateFormatPatternError: Error, Equatable, CustomStringConvertible {
    /// The pattern is empty.
    case empty
    /// A pattern letter that is not supported (e.g. `E`, `a`, `h`, `Z`).
    case unknownLetter(Character)
    /// A supported letter repeated an unsupported number of times (e.g. `MMM`).
    case unsupportedWidth(letter: Character, width: Int)
    /// A `'` quoted literal is not closed.
    case unterminatedQuote

    public var description: String {
        switch self {
        case .empty:
            return "date pattern is empty"
        case .unknownLetter(let c):
            return "unknown date pattern letter '\(c)' (supported: yyyy YYYY yy xxxx MM M dd d "
                + "HH H mm m ss s SSS ww w DDD; quote literal text like 'T')"
        case .unsupportedWidth(let c, let width):
            return "unsupported date pattern field '\(String(repeating: c, count: width))'"
        case .unterminatedQuote:
            return "unterminated quoted literal in date pattern"
        }
    }
}

/// A compiled Joda/Logstash-style date pattern that formats instants in UTC.
///
/// Supported fields (numeric, zero-padded to the letter count):
/// - `yyyy`, `YYYY`: year (Logstash treats `YYYY` as the calendar year);
///   `yy`/`YY`: two-digit year; `xxxx`: ISO 8601 week-based year, `xx` two-digit.
/// - `MM`/`M`: month; `dd`/`d`: day of month; `DDD`/`D`: day of year.
/// - `HH`/`H`: hour 0-23; `mm`/`m`: minute; `ss`/`s`: second.
/// - `S`...`SSSSSSSSS`: fraction of second truncated to that many digits (`SSS` = ms).
/// - `ww`/`w`: ISO 8601 week of the week-based year (1...53).
///
/// Text in single quotes is literal (`'T'`); `''` is a literal quote, inside or
/// outside quotes. Any other non-letter character is literal. Any other ASCII
/// letter is an error.
public struct DateFormatPattern: Sendable {
    enum Field: Sendable {
        case year, twoDigitYear, isoWeekYear, twoDigitIsoWeekYear
        case month, day, dayOfYear, hour, minute, second, fraction, isoWeek
    }

    /// A token holds no reference (literal text is a range of `literals`): formatting, once
    /// per event on the output path, walks the tokens without reference counting.
    enum Token: Sendable {
        case literal(start: Int, count: Int)
        case field(Field, width: Int)
    }

    /// The source pattern.
    public let pattern: String
    let tokens: [Token]
    /// The bytes of every literal token, one after the other.
    let literals: [UInt8]
    let needsISOWeek: Bool

    /// Compiles `pattern`, e.g. `YYYY.MM.dd`, `yyyy-MM-dd'T'HH` or `xxxx.ww`.
    public init(_ pattern: String) throws(DateFormatPatternError) {
        let bytes = Array(pattern.utf8)
        guard !bytes.isEmpty else { throw .empty }
        var tokens: [Token] = []
        var literals: [UInt8] = []
        var literal: [UInt8] = []
        func flushLiteral() {
            if !literal.isEmpty {
                tokens.append(.literal(start: literals.count, count: literal.count))
                literals.append(contentsOf: literal)
                literal.removeAll()
            }
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x27 {  // '\''
                if i + 1 < bytes.count, bytes[i + 1] == 0x27 {
                    literal.append(0x27)
                    i += 2
                    continue
                }
                i += 1
                var closed = false
                while i < bytes.count {
                    if bytes[i] == 0x27 {
                        if i + 1 < bytes.count, bytes[i + 1] == 0x27 {
                            literal.append(0x27)
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    literal.append(bytes[i])
                    i += 1
                }
                guard closed else { throw .unterminatedQuote }
            } else if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A {  // ASCII letter
                var width = 1
                while i + width < bytes.count, bytes[i + width] == b { width += 1 }
                let field = try DateFormatPattern.field(letter: b, width: width)
                flushLiteral()
                tokens.append(.field(field, width: width))
                i += width
            } else {
                literal.append(b)
                i += 1
            }
        }
        flushLiteral()
        self.pattern = pattern
        self.tokens = tokens
        self.literals = literals
        self.needsISOWeek = tokens.contains {
            switch $0 {
            case .field(.isoWeek, _), .field(.isoWeekYear, _), .field(.twoDigitIsoWeekYear, _): true
            default: false
            }
        }
    }

    static func field(letter b: UInt8, width: Int) throws(DateFormatPatternError) -> Field {
        let letter = Character(Unicode.Scalar(b))
        let field: Field
        let allowed: ClosedRange<Int>
        switch b {
        case 0x79, 0x59:  // y Y
            if width == 2 { return .twoDigitYear }
            (field, allowed) = (.year, 4...4)
        case 0x78:  // x
            if width == 2 { return .twoDigitIsoWeekYear }
            (field, allowed) = (.isoWeekYear, 4...4)
        case 0x4D: (field, allowed) = (.month, 1...2)  // M
        case 0x64: (field, allowed) = (.day, 1...2)  // d
        case 0x44: (field, allowed) = (.dayOfYear, 1...3)  // D
        case 0x48: (field, allowed) = (.hour, 1...2)  // H
        case 0x6D: (field, allowed) = (.minute, 1...2)  // m
        case 0x73: (field, allowed) = (.second, 1...2)  // s
        case 0x53: (field, allowed) = (.fraction, 1...9)  // S
        case 0x77: (field, allowed) = (.isoWeek, 1...2)  // w
        default: throw .unknownLetter(letter)
        }
        guard allowed.contains(width) else {
            throw .unsupportedWidth(letter: letter, width: width)
        }
        return field
    }

    /// The output is the same for every instant of one UTC period of this many nanoseconds
    /// (a day for `YYYY.MM.dd`, an hour with `HH`, …; periods start at multiples of it since
    /// the epoch); nil when it changes within a second (fractions).
    public var periodNanoseconds: Int64? {
        var period: Int64 = 86_400_000_000_000
        for case .field(let field, _) in tokens {
            switch field {
            case .fraction: return nil
            case .second: period = min(period, 1_000_000_000)
            case .minute: period = min(period, 60_000_000_000)
            case .hour: period = min(period, 3_600_000_000_000)
            default: break
            }
        }
        return period
    }

    /// Appends the UTF-8 rendering of the instant (UTC) to `out`.
    /// Performs no allocation other than growing `out`.
    public func format(nanosecondsSinceEpoch ns: Int64, into out: inout [UInt8]) {
        let t = CivilTime(nanosecondsSinceEpoch: ns)
        let iso = needsISOWeek ? t.isoWeek : (year: 0, week: 0)
        literals.withUnsafeBufferPointer { literals in
            tokens.withUnsafeBufferPointer { tokens in
                for token in tokens {
                    switch token {
                    case .literal(let start, let count):
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: literals[start..<(start + count)]))
                    case .field(let field, let width):
                        DateFormatPattern.appendPadded(value(of: field, width: width, t, iso), width: width, into: &out)
                    }
                }
            }
        }
    }

    @inline(__always)
    func value(of field: Field, width: Int, _ t: CivilTime, _ iso: (year: Int, week: Int)) -> Int {
        switch field {
        case .year: return t.year
        case .twoDigitYear: return ((t.year % 100) + 100) % 100
        case .isoWeekYear: return iso.year
        case .twoDigitIsoWeekYear: return ((iso.year % 100) + 100) % 100
        case .month: return t.month
        case .day: return t.day
        case .dayOfYear: return t.dayOfYear
        case .hour: return t.hour
        case .minute: return t.minute
        case .second: return t.second
        case .isoWeek: return iso.week
        case .fraction:
            var divisor = 1_000_000_000
            for _ in 0..<width { divisor /= 10 }
            return t.nanosecond / divisor
        }
    }

    /// Convenience returning the formatted instant as a `String`.
    public func string(nanosecondsSinceEpoch ns: Int64) -> String {
        var out: [UInt8] = []
        format(nanosecondsSinceEpoch: ns, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `value` in decimal, left-padded with zeros to `width` digits.
    @inline(__always)
    static func appendPadded(_ value: Int, width: Int, into out: inout [UInt8]) {
        var v = value
        if v < 0 {
            out.append(0x2D)  // '-'
            v = 0 - v
        }
        var digits = 1
        var p = 10
        while p <= v {
            digits += 1
            p *= 10
        }
        var pad = width - digits
        while pad > 0 {
            out.append(0x30)
            pad -= 1
        }
        p /= 10
        while p > 0 {
            out.append(UInt8(truncatingIfNeeded: 0x30 + (v / p) % 10))
            p /= 10
        }
    }
}
