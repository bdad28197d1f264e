import SluiceCore

/// Why an index template could not be compiled. Descriptions name the template and the
/// problem; they are safe to show (templates come from the pipeline file, not from events).
public enum IndexTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The template is empty.
    case empty
    /// `%{` without a closing `}`.
    case unterminatedReference(String)
    /// `%{}`: nothing between the braces.
    case emptyReference
    /// `%{+…}` whose date pattern does not compile.
    case badDatePattern(String, DateFormatPatternError)
    /// `%{…}` that is not a field path (`service`, `a.b`, `[a][b]`).
    case badFieldPath(String)
    /// Literal text (or a date pattern's output) holding a character Elasticsearch refuses in
    /// index names: uppercase letters, `\ / * ? " < > | , # :`, space or control characters.
    case forbiddenCharacter(String)
    /// The name would start with `-`, `_` or `+`.
    case forbiddenStart
    /// The literal text alone is longer than 255 bytes.
    case tooLong
    /// The fallback for missing fields is not itself a valid piece of an index name.
    case badFallback(String)

    public var description: String {
        switch self {
        case .empty: "index template is empty"
        case .unterminatedReference(let s): "\"%{\(s)\" is not closed with }"
        case .emptyReference: "%{} names nothing (write %{field}, %{[a][b]} or %{+YYYY.MM.dd})"
        case .badDatePattern(let p, let e): "%{+\(p)}: \(e)"
        case .badFieldPath(let p): "%{\(p)}: not a field path (write service, a.b or [a][b])"
        case .forbiddenCharacter(let s):
            "\"\(s)\": index names must be lowercase, without \\ / * ? \" < > | , # : space or control characters"
        case .forbiddenStart: "index names must not start with -, _ or +"
        case .tooLong: "index names are at most 255 bytes"
        case .badFallback(let s): "fallback \"\(s)\" must be non-empty, lowercase and allowed in index names"
        }
    }
}

/// A compiled Logstash-style index name: literal text, `%{+<date pattern>}` and field
/// references, e.g. `ai-workflow-logs-%{+YYYY.MM.dd}` or `logs-%{[service][name]}-%{+YYYY.MM}`.
///
/// Rendering rules (Elasticsearch refuses names that break them, so they are enforced here):
/// - Dates format the event's own ``Event/timestamp`` in UTC, never the wall clock.
/// - Field references (`%{service}`, `%{a.b}`, `%{[a][b]}`) write the field's value: strings
///   decoded, numbers and booleans as written. A missing, `null`, object, array or empty value
///   writes the fallback (default `unknown`) and makes ``render(_:into:)`` return false, so the
///   output can count unroutable events instead of failing them.
/// - Values are sanitised: `A`–`Z` are lowercased; `a`–`z`, `0`–`9`, `-`, `_`, `.`, `+` are
///   kept; every other byte becomes `_` (a non-ASCII character becomes one `_`).
/// - Literal text and date output are checked when compiling: ASCII uppercase or forbidden
///   characters are an error, not silently rewritten (non-ASCII literal text is passed as
///   written; keep it lowercase).
/// - A rendered name starting with `-`, `_` or `+` loses those bytes; `.`, `..` or nothing
///   becomes the fallback; longer than 255 bytes is cut at 255 (on a UTF-8 boundary).
public struct IndexTemplate: Sendable {
    enum Part: Sendable {
        case literal([UInt8])
        case date(DateFormatPattern)
        case field(FieldPath)
    }

    /// The template as written.
    public let template: String
    /// What a missing field renders as.
    public let fallback: String
    let parts: [Part]
    let fallbackBytes: [UInt8]
    /// When the name depends on the event's time only: the period over which it stays the
    /// same (``IndexNameCache`` renders it once per period); nil when it reads fields.
    let period: Int64?

    /// Elasticsearch's limit on an index name's length, in bytes.
    public static let maxLength = 255

    /// Compiles `template`. `fallback` replaces missing field values.
    public init(_ template: String, fallback: String = "unknown") throws(IndexTemplateError) {
        let bytes = Array(template.utf8)
        guard !bytes.isEmpty else { throw .empty }
        let fallbackBytes = Array(fallback.utf8)
        guard !fallbackBytes.isEmpty, Self.allAllowed(fallbackBytes), !Self.isForbiddenStart(fallbackBytes[0]) else {
            throw .badFallback(fallback)
        }
        var parts: [Part] = []
        var literal: [UInt8] = []
        var literalLength = 0
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "%"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") else {
                literal.append(bytes[i])
                i += 1
                continue
            }
            guard let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: "}")) else {
                throw .unterminatedReference(String(decoding: bytes[(i + 2)...], as: UTF8.self))
            }
            let inner = String(decoding: bytes[(i + 2)..<close], as: UTF8.self)
            guard !inner.isEmpty else { throw .emptyReference }
            if !literal.isEmpty {
                parts.append(.literal(literal))
                literalLength += literal.count
                literal = []
            }
            if inner.hasPrefix("+") {
                let pattern: DateFormatPattern
                do {
                    pattern = try DateFormatPattern(String(inner.dropFirst()))
                } catch {
                    throw .badDatePattern(String(inner.dropFirst()), error)
                }
                // Date output is digits plus the pattern's literal text: check a sample.
                var sample: [UInt8] = []
                pattern.format(nanosecondsSinceEpoch: 1_764_000_000_123_456_789, into: &sample)
                guard Self.allAllowed(sample) else { throw .forbiddenCharacter(inner) }
                parts.append(.date(pattern))
            } else {
                guard let path = FieldPath(inner) else { throw .badFieldPath(inner) }
                parts.append(.field(path))
            }
            i = close + 1
        }
        if !literal.isEmpty {
            parts.append(.literal(literal))
            literalLength += literal.count
        }
        for case .literal(let text) in parts where !Self.allAllowed(text) {
            throw .forbiddenCharacter(String(decoding: text, as: UTF8.self))
        }
        if case .literal(let text) = parts[0], Self.isForbiddenStart(text[0]) { throw .forbiddenStart }
        guard literalLength <= Self.maxLength else { throw .tooLong }
        self.template = template
        self.fallback = fallback
        self.parts = parts
        var period: Int64? = Int64.max
        for part in parts {
            switch part {
            case .literal: break
            case .field: period = nil
            case .date(let pattern): period = pattern.periodNanoseconds.flatMap { p in period.map { min($0, p) } }
            }
        }
        self.period = period
        self.fallbackBytes = fallbackBytes
    }

    /// True when the template holds no field reference and no date: every event gets the
    /// same index.
    public var isConstant: Bool {
        parts.allSatisfy { if case .literal = $0 { true } else { false } }
    }

    /// Appends the index name for `event` to `out`. Returns false when a field reference was
    /// missing and the fallback was written instead. Allocates nothing but `out`'s growth.
    @discardableResult
    public func render(_ event: Event, into out: inout [UInt8]) -> Bool {
        let start = out.count
        var allFound = true
        for part in parts {
            switch part {
            case .literal(let text):
                out.append(contentsOf: text)
            case .date(let pattern):
                pattern.format(nanosecondsSinceEpoch: event.timestamp, into: &out)
            case .field(let path):
                let valueStart = out.count
                let found = event.fields.withValue(path) { kind, raw -> Bool in
                    switch kind {
                    case .string:
                        JSONStringCodec.decode(UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast()), into: &out)
                    case .number, .bool:
                        out.append(contentsOf: raw)
                    case .null, .object, .array:
                        return false
                    }
                    return true
                } ?? false
                if found { Self.sanitize(&out, from: valueStart) }
                if !found || out.count == valueStart {
                    allFound = false
                    out.append(contentsOf: fallbackBytes)
                }
            }
        }
        finish(&out, from: start)
        return allFound
    }

    /// The index name for `event` as a `String` (tests, dry runs; not the hot path).
    public func string(for event: Event) -> String {
        var out: [UInt8] = []
        render(event, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Applies the whole-name rules to `out[start...]`.
    func finish(_ out: inout [UInt8], from start: Int) {
        var lead = start
        while lead < out.count, Self.isForbiddenStart(out[lead]) { lead += 1 }
        if lead > start { out.removeSubrange(start..<lead) }
        let length = out.count - start
        let isDots = (length == 1 && out[start] == UInt8(ascii: "."))
            || (length == 2 && out[start] == UInt8(ascii: ".") && out[start + 1] == UInt8(ascii: "."))
        if length == 0 || isDots {
            out.removeSubrange(start...)
            out.append(contentsOf: fallbackBytes)
            return
        }
        if length > Self.maxLength {
            var cut = start + Self.maxLength
            while cut > start, out[cut] & 0xC0 == 0x80 { cut -= 1 }  // not inside a UTF-8 sequence
            out.removeSubrange(cut...)
        }
    }

    /// Rewrites the field value in `out[start...]` in place: lowercase ASCII letters, digits,
    /// `-_.+` kept; uppercase lowercased; every other byte `_`, one per non-ASCII character.
    static func sanitize(_ out: inout [UInt8], from start: Int) {
        var write = start
        var read = start
        while read < out.count {
            let b = out[read]
            read += 1
            let mapped: UInt8
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "+"):
                mapped = b
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                mapped = b | 0x20
            case 0x80...0xBF:
                continue  // continuation byte: its character already became one `_`
            default:
                mapped = UInt8(ascii: "_")
            }
            out[write] = mapped
            write += 1
        }
        out.removeSubrange(write...)
    }

    /// True when every byte may appear in an index name as written (non-ASCII UTF-8 is
    /// allowed in literal text).
    static func allAllowed(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { b in
            switch b {
            case 0..<0x21, 0x7F, UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "\\"), UInt8(ascii: "/"),
                UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"),
                UInt8(ascii: "|"), UInt8(ascii: ","), UInt8(ascii: "#"), UInt8(ascii: ":"):
                false
            default: true
            }
        }
    }

    static func isForbiddenStart(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: "+")
    }
}

/// The last name rendered from a template that depends on the event's time only: events of
/// the same day (hour, …) reuse it instead of formatting the date again.
struct IndexNameCache {
    private var period: Int64 = 0
    private var valid = false
    private var name: [UInt8] = []
    private var routed = true

    /// Appends `template`'s name for `event` to `out`, like ``IndexTemplate/render(_:into:)``.
    mutating func render(_ template: IndexTemplate, _ event: borrowing Event, into out: inout [UInt8]) -> Bool {
        guard let length = template.period else { return template.render(event, into: &out) }
        let t = event.timestamp
        // Floor division: periods start at multiples of `length` since the epoch.
        let current = t >= 0 ? t / length : -((-(t + 1)) / length) - 1
        if !valid || current != period {
            name.removeAll(keepingCapacity: true)
            routed = template.render(event, into: &name)
            period = current
            valid = true
        }
        out.append(contentsOf: name)
        return routed
    }
}
