/// Reads trace ids (128 bits) and span ids (64 bits) in the forms producers log them, and
/// writes them as lowercase hex (32 and 16 digits). Works on the value's JSON bytes.
///
/// Accepted forms (a string unless said otherwise):
///
/// | form | example | read as |
/// | --- | --- | --- |
/// | exactly 32 (trace) or 16 (span) hex digits, any case | `4BF92F35…` | hex |
/// | 16 hex digits for a trace id (64-bit Zipkin/Jaeger ids) | `a3ce929d0e0e4736` | hex, zero-padded |
/// | UUID form, 8-4-4-4-12 hex digits (trace) | `4bf92f35-77b3-4da6-…` | hex, dashes removed |
/// | `0x` + 1 to 32 (16) hex digits | `0x4bf92f35…` (Python's `hex()`) | hex, zero-padded |
/// | a JSON number, or a string of decimal digits of any other length | `100622…` (Python's `span_context.trace_id`) | decimal, exact, at most 2^128−1 (2^64−1) |
///
/// A 16-character string of decimal digits is ambiguous for a span id: it is read as hex,
/// unless the event's trace id was decimal (`preferDecimal`), since producers log both ids
/// the same way. All-zero ids, numbers with a sign, fraction or exponent, strings with
/// escapes, and anything else are rejected.
public enum TraceIDNormalizer {
    /// What a value turned out to be.
    public enum Parsed: Equatable, Sendable {
        /// A valid id; `decimal` tells whether it was written in decimal.
        case id(UInt128, decimal: Bool)
        /// Well formed but all zero: invalid by the W3C and OpenTelemetry rules.
        case zero
        /// Not an id.
        case malformed
    }

    /// Parses a trace id from a JSON value.
    public static func traceID(_ kind: JSONKind, _ raw: UnsafeBufferPointer<UInt8>) -> Parsed {
        var canonical = false
        return parse(kind, raw, hexDigits: 32, maxDecimal: .max, preferDecimal: false, canonical: &canonical)
    }

    /// ``traceID(_:_:)``, and whether the value is already canonical: a string of exactly 32
    /// lowercase hex digits (read in the same pass).
    public static func traceIDNotingCanonical(_ kind: JSONKind, _ raw: UnsafeBufferPointer<UInt8>) -> (Parsed, canonical: Bool) {
        var canonical = false
        let parsed = parse(kind, raw, hexDigits: 32, maxDecimal: .max, preferDecimal: false, canonical: &canonical)
        return (parsed, canonical)
    }

    public static func spanID(_ kind: JSONKind, _ raw: UnsafeBufferPointer<UInt8>, preferDecimal: Bool = false) -> Parsed {
        var canonical = false
        return parse(kind, raw, hexDigits: 16, maxDecimal: UInt128(UInt64.max), preferDecimal: preferDecimal, canonical: &canonical)
    }

    /// ``spanID(_:_:preferDecimal:)``, and whether the value is already canonical: a string of
    /// exactly 16 lowercase hex digits read as hex.
    public static func spanIDNotingCanonical(
        _ kind: JSONKind, _ raw: UnsafeBufferPointer<UInt8>, preferDecimal: Bool = false
    ) -> (Parsed, canonical: Bool) {
        var canonical = false
        let parsed = parse(kind, raw, hexDigits: 16, maxDecimal: UInt128(UInt64.max), preferDecimal: preferDecimal, canonical: &canonical)
        return (parsed, canonical)
    }

    static func parse(
        _ kind: JSONKind, _ raw: UnsafeBufferPointer<UInt8>, hexDigits: Int, maxDecimal: UInt128, preferDecimal: Bool,
        canonical: inout Bool
    ) -> Parsed {
        let value: UInt128?
        var decimal = false
        switch kind {
        case .number:
            value = parseDecimal(raw, max: maxDecimal)
            decimal = true
        case .string:
            let body = UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast())
            (value, decimal) = parseString(body, hexDigits: hexDigits, maxDecimal: maxDecimal, preferDecimal: preferDecimal, canonical: &canonical)
        default:
            return .malformed
        }
        guard let value else { return .malformed }
        return value == 0 ? .zero : .id(value, decimal: decimal)
    }

    static func parseString(
        _ s: UnsafeBufferPointer<UInt8>, hexDigits: Int, maxDecimal: UInt128, preferDecimal: Bool, canonical: inout Bool
    ) -> (UInt128?, Bool) {
        let n = s.count
        if n > 2 && s[0] == UInt8(ascii: "0") && (s[1] | 0x20) == UInt8(ascii: "x") {
            guard n - 2 <= hexDigits else { return (nil, false) }
            return (parseHex(UnsafeBufferPointer(rebasing: s[2...])), false)
        }
        // The usual case, a hex id of the expected length (or a 64-bit trace id): one pass
        // reads the digits and notes whether they were all decimal and all lowercase.
        if n == hexDigits || (hexDigits == 32 && n == 16) {
            guard let hex = scanHex(s) else { return (nil, false) }
            if n == hexDigits && preferDecimal && hex.decimal { return (parseDecimal(s, max: maxDecimal), true) }
            canonical = n == hexDigits && hex.lowercase
            return (hex.value, false)
        }
        let allDecimal = n > 0 && s.allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
        if hexDigits == 32 && n == 36 && !allDecimal { return (parseUUID(s), false) }
        if allDecimal { return (parseDecimal(s, max: maxDecimal), true) }
        return (nil, false)
    }

    /// Up to 32 hex digits as a number, with whether every digit was decimal and whether
    /// every letter was lowercase; nil when a byte is not a hex digit. One table look-up a
    /// byte (``hexTable``) gives the digit and what kind of byte it was.
    @inline(__always)
    static func scanHex(_ s: UnsafeBufferPointer<UInt8>) -> (value: UInt128, decimal: Bool, lowercase: Bool)? {
        guard s.count <= 32 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        var seen: UInt8 = 0
        hexTable.withUnsafeBufferPointer { table in
            for b in s {
                let entry = table[Int(b)]
                seen |= entry
                high = high << 4 | low >> 60
                low = low << 4 | UInt64(entry & 0x0F)
            }
        }
        guard seen & hexInvalid == 0 else { return nil }
        return (UInt128(high) << 64 | UInt128(low), seen & hexLetter == 0, seen & hexUppercase == 0)
    }

    static let hexInvalid: UInt8 = 0x80
    static let hexLetter: UInt8 = 0x10
    static let hexUppercase: UInt8 = 0x20

    /// Per byte: its hex digit in the low four bits, with ``hexLetter`` for `a`–`f`/`A`–`F`,
    /// ``hexUppercase`` for `A`–`F`, ``hexInvalid`` for anything that is not a hex digit.
    static let hexTable: [UInt8] = (0...255).map { (b: Int) -> UInt8 in
        switch b {
        case 0x30...0x39: UInt8(b - 0x30)
        case 0x61...0x66: UInt8(b - 0x61 + 10) | hexLetter
        case 0x41...0x46: UInt8(b - 0x41 + 10) | hexLetter | hexUppercase
        default: hexInvalid
        }
    }

    @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt8? { JSONStringCodec.hexValue(b) }

    /// 1 to 32 hex digits.
    package static func parseHex(_ s: UnsafeBufferPointer<UInt8>) -> UInt128? {
        guard !s.isEmpty, s.count <= 32 else { return nil }
        var v: UInt128 = 0
        for b in s {
            guard let h = hexValue(b) else { return nil }
            v = v << 4 | UInt128(h)
        }
        return v
    }

    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    static func parseUUID(_ s: UnsafeBufferPointer<UInt8>) -> UInt128? {
        guard s.count == 36 else { return nil }
        var v: UInt128 = 0
        for (i, b) in s.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard b == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let h = hexValue(b) else { return nil }
            v = v << 4 | UInt128(h)
        }
        return v
    }

    /// Decimal digits only, exactly, with an upper bound (no `Double` anywhere).
    static func parseDecimal(_ s: UnsafeBufferPointer<UInt8>, max: UInt128) -> UInt128? {
        guard !s.isEmpty, s.count <= 40 else { return nil }
        var v: UInt128 = 0
        for b in s {
            let d = b &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            let (times10, o1) = v.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt128(d))
            guard !o1, !o2 else { return nil }
            v = sum
        }
        return v <= max ? v : nil
    }

    static let hexDigitBytes: StaticString = "0123456789abcdef"

    /// Appends `value` as a quoted string of `digits` lowercase hex digits.
    @inline(__always)
    public static func appendQuotedHex(_ value: UInt128, digits: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendHex(value, digits: digits, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `value` as `digits` lowercase hex digits.
    @inline(__always)
    public static func appendHex(_ value: UInt128, digits: Int, to out: inout [UInt8]) {
        for k in stride(from: digits - 1, through: 0, by: -1) {
            out.append(hexDigitBytes.utf8Start[Int(truncatingIfNeeded: (value >> (4 * k)) & 0xF)])
        }
    }

    /// True when the JSON value `raw` is a string of exactly `digits` (8 or more) lowercase
    /// hex digits, not all zero: a valid id in canonical form, as ``traceIDNotingCanonical(_:_:)``
    /// (``spanIDNotingCanonical(_:_:preferDecimal:)`` without `preferDecimal`) reads it, but
    /// without reading its value (``LowercaseHex``, eight digits at a time).
    @inlinable
    public static func isCanonicalHex(_ raw: UnsafeBufferPointer<UInt8>, digits: Int) -> Bool {
        guard raw.count == digits + 2, let base = raw.baseAddress, base[0] == UInt8(ascii: "\""), base[digits + 1] == UInt8(ascii: "\"") else { return false }
        return LowercaseHex.scan(base + 1, digits)?.nonZero == true
    }

    /// The value of a string of `digits` hex digits (``isCanonicalHex(_:digits:)`` said so).
    public static func canonicalValue(_ raw: UnsafeBufferPointer<UInt8>, digits: Int) -> UInt128 {
        parseHex(UnsafeBufferPointer(rebasing: raw[1..<(digits + 1)])) ?? 0
    }

    /// Whether `raw` (JSON bytes) is already `value` as a quoted lowercase hex string.
    public static func isCanonical(_ raw: UnsafeBufferPointer<UInt8>, _ value: UInt128, digits: Int) -> Bool {
        guard raw.count == digits + 2, raw[0] == UInt8(ascii: "\""), raw[digits + 1] == UInt8(ascii: "\"") else { return false }
        for k in 0..<digits {
            let nibble = Int(truncatingIfNeeded: (value >> (4 * (digits - 1 - k))) & 0xF)
            if raw[k + 1] != hexDigitBytes.utf8Start[nibble] { return false }
        }
        return true
    }
}
