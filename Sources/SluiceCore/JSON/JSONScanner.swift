/// A strict, allocation-free JSON scanner over UTF-8 bytes.
///
/// ```
///  {"level":"info","n":12,"user":{"id":"u1"}}
///   └key┘ └value┘ ...          └─ nested values are validated and skipped, not indexed
/// ```
///
/// `scanObject` validates the whole line (RFC 8259 grammar, UTF-8, escapes, control
/// characters) and reports one ``Field`` per top-level member, with byte ranges into the
/// input and the value's ``JSONKind``. Nested objects and arrays are validated but parsed
/// lazily, when a path reaches into them.
public enum JSONScanner {
    /// Nesting limit; deeper input is rejected rather than risking the stack.
    public static let maxDepth = 256

    /// Scans `bytes` as exactly one JSON object (surrounding whitespace allowed), appending
    /// its members to `fields` with offsets relative to `bytes.baseAddress`.
    public static func scanObject(
        _ bytes: UnsafeBufferPointer<UInt8>, into fields: inout [Field]
    ) throws(JSONScanError) {
        var names: UInt64 = 0
        try scanObject(bytes, into: &fields, names: &names)
    }

    /// ``scanObject(_:into:)``, setting in `names` the ``MemberNameFilter`` bits of the
    /// members' names.
    public static func scanObject(
        _ bytes: UnsafeBufferPointer<UInt8>, into fields: inout [Field], names: inout UInt64
    ) throws(JSONScanError) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { throw .empty }
        var c = Cursor(base: base, end: bytes.count)
        c.skipWhitespace()
        guard c.i < c.end else { throw .empty }
        guard base[c.i] == UInt8(ascii: "{") else {
            // Tell "valid JSON but not an object" from garbage.
            _ = try c.value(depth: 0)
            c.skipWhitespace()
            if c.i != c.end { throw .syntax(offset: c.i) }
            throw .notAnObject
        }
        try c.objectMembers(depth: 0) { keyStart, keyEnd, keyEscaped, vStart, vEnd, kind, vEscaped in
            names |= keyEscaped ? MemberNameFilter.unknown : MemberNameFilter.bit(base + Int(keyStart), Int(keyEnd &- keyStart))
            fields.append(Field(
                keyStart: keyStart, keyEnd: keyEnd, valueStart: vStart, valueEnd: vEnd,
                kind: kind, keyEscaped: keyEscaped, valueEscaped: vEscaped))
        }
        c.skipWhitespace()
        if c.i != c.end { throw .syntax(offset: c.i) }
    }

    /// Validates `bytes` as exactly one JSON value and returns its kind.
    public static func validateValue(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONScanError) -> JSONKind {
        guard let base = bytes.baseAddress, bytes.count > 0 else { throw .empty }
        var c = Cursor(base: base, end: bytes.count)
        c.skipWhitespace()
        guard c.i < c.end else { throw .empty }
        let (kind, _) = try c.value(depth: 0)
        c.skipWhitespace()
        if c.i != c.end { throw .syntax(offset: c.i) }
        return kind
    }
}

/// The scanning state: a base pointer, an end and a position. All reads are bounds-checked
/// against `end` by the callers' loops.
struct Cursor {
    let base: UnsafePointer<UInt8>
    let end: Int
    var i: Int = 0

    init(base: UnsafePointer<UInt8>, end: Int) {
        self.base = base
        self.end = end
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < end {
            let b = base[i]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 } else { return }
        }
    }

    /// Scans the members of an object whose `{` is at `i`; calls `member` for each and leaves
    /// `i` after the closing `}`.
    @inline(__always)
    mutating func objectMembers(
        depth: Int,
        _ member: (Int32, Int32, Bool, Int32, Int32, JSONKind, Bool) -> Void
    ) throws(JSONScanError) {
        if depth >= JSONScanner.maxDepth { throw .tooDeep }
        i += 1  // {
        skipWhitespace()
        guard i < end else { throw .truncated }
        if base[i] == UInt8(ascii: "}") { i += 1; return }
        while true {
            guard i < end else { throw .truncated }
            guard base[i] == UInt8(ascii: "\"") else { throw .syntax(offset: i) }
            let keyStart = i + 1
            let keyEscaped = try string()
            let keyEnd = i - 1
            skipWhitespace()
            guard i < end else { throw .truncated }
            guard base[i] == UInt8(ascii: ":") else { throw .syntax(offset: i) }
            i += 1
            skipWhitespace()
            guard i < end else { throw .truncated }
            let valueStart = i
            let (kind, escaped) = try value(depth: depth + 1)
            member(Int32(keyStart), Int32(keyEnd), keyEscaped, Int32(valueStart), Int32(i), kind, escaped)
            skipWhitespace()
            guard i < end else { throw .truncated }
            let b = base[i]
            i += 1
            if b == UInt8(ascii: ",") {
                skipWhitespace()
                continue
            }
            if b == UInt8(ascii: "}") { return }
            throw .syntax(offset: i - 1)
        }
    }

    /// Scans one value starting at `i` (no leading whitespace). Returns its kind and, for
    /// strings, whether it holds escapes.
    mutating func value(depth: Int) throws(JSONScanError) -> (JSONKind, Bool) {
        let b = base[i]
        switch b {
        case UInt8(ascii: "\""):
            return (.string, try string())
        case UInt8(ascii: "{"):
            try objectMembers(depth: depth) { _, _, _, _, _, _, _ in }
            return (.object, false)
        case UInt8(ascii: "["):
            try array(depth: depth)
            return (.array, false)
        case UInt8(ascii: "t"):
            try literal(0x74_72_75_65, length: 4)  // "true"
            return (.bool, false)
        case UInt8(ascii: "f"):
            try literal5False()
            return (.bool, false)
        case UInt8(ascii: "n"):
            try literal(0x6E_75_6C_6C, length: 4)  // "null"
            return (.null, false)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try number()
            return (.number, false)
        default:
            throw .syntax(offset: i)
        }
    }

    mutating func array(depth: Int) throws(JSONScanError) {
        if depth >= JSONScanner.maxDepth { throw .tooDeep }
        i += 1
        skipWhitespace()
        guard i < end else { throw .truncated }
        if base[i] == UInt8(ascii: "]") { i += 1; return }
        while true {
            guard i < end else { throw .truncated }
            _ = try value(depth: depth + 1)
            skipWhitespace()
            guard i < end else { throw .truncated }
            let b = base[i]
            i += 1
            if b == UInt8(ascii: ",") {
                skipWhitespace()
                continue
            }
            if b == UInt8(ascii: "]") { return }
            throw .syntax(offset: i - 1)
        }
    }

    /// `word` holds the literal's bytes big-endian (e.g. 0x74727565 for "true").
    @inline(__always)
    mutating func literal(_ word: UInt32, length: Int) throws(JSONScanError) {
        for k in 0..<length {
            guard i + k < end else { throw .truncated }
            let expected = UInt8(truncatingIfNeeded: word >> (8 * UInt32(length - 1 - k)))
            if base[i + k] != expected { throw .syntax(offset: i + k) }
        }
        i += length
    }

    @inline(__always)
    mutating func literal5False() throws(JSONScanError) {
        let f: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0x66, 0x61, 0x6C, 0x73, 0x65)
        try withUnsafeBytes(of: f) { (expected) throws(JSONScanError) in
            for k in 0..<5 {
                guard i + k < end else { throw .truncated }
                if base[i + k] != expected[k] { throw .syntax(offset: i + k) }
            }
        }
        i += 5
    }

    /// RFC 8259 number grammar: `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    mutating func number() throws(JSONScanError) {
        if base[i] == UInt8(ascii: "-") {
            i += 1
            guard i < end else { throw .truncated }
        }
        let first = base[i]
        if first == UInt8(ascii: "0") {
            i += 1
        } else if first >= UInt8(ascii: "1") && first <= UInt8(ascii: "9") {
            i += 1
            skipDigits()
        } else {
            throw .syntax(offset: i)
        }
        if i < end && base[i] == UInt8(ascii: ".") {
            i += 1
            try requireDigits()
        }
        if i < end && (base[i] | 0x20) == UInt8(ascii: "e") {
            i += 1
            guard i < end else { throw .truncated }
            if base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-") { i += 1 }
            try requireDigits()
        }
        // A number must be followed by a delimiter (or the end): "12ab" is not JSON.
        if i < end {
            let b = base[i]
            if !(b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]")
                || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09)
            {
                throw .syntax(offset: i)
            }
        }
    }

    @inline(__always)
    mutating func skipDigits() {
        while i < end && base[i] &- UInt8(ascii: "0") < 10 { i += 1 }
    }

    @inline(__always)
    mutating func requireDigits() throws(JSONScanError) {
        guard i < end else { throw .truncated }
        guard base[i] &- UInt8(ascii: "0") < 10 else { throw .syntax(offset: i) }
        skipDigits()
    }

    /// Scans a string whose opening quote is at `i`; leaves `i` after the closing quote.
    /// Returns whether the string holds backslash escapes.
    mutating func string() throws(JSONScanError) -> Bool {
        i += 1
        var escaped = false
        while true {
            // Eight plain bytes at a time: no quote, backslash, control or non-ASCII byte.
            while i + 8 <= end {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if Cursor.needsAttention(word) { break }
                i += 8
            }
            guard i < end else { throw .truncated }
            let b = base[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return escaped
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                try escape()
                continue
            }
            if b < 0x20 { throw .syntax(offset: i) }
            if b < 0x80 {
                i += 1
                continue
            }
            try utf8Sequence(lead: b)
        }
    }

    /// True when any byte of `word` is `"`, `\`, below 0x20 or at/above 0x80.
    @inline(__always)
    static func needsAttention(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let slash = word ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote
        let hasSlash = (slash &- ones) & ~slash
        let hasControl = (word &- ones &* 0x20) & ~word
        return ((hasQuote | hasSlash | hasControl) & highs) | (word & highs) != 0
    }

    mutating func escape() throws(JSONScanError) {
        i += 1
        guard i < end else { throw .truncated }
        switch base[i] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            i += 1
        case UInt8(ascii: "u"):
            i += 1
            for _ in 0..<4 {
                guard i < end else { throw .truncated }
                guard JSONStringCodec.hexValue(base[i]) != nil else { throw .syntax(offset: i) }
                i += 1
            }
        default:
            throw .syntax(offset: i)
        }
    }

    /// Validates one multi-byte UTF-8 sequence (no overlongs, no surrogates, ≤ U+10FFFF).
    mutating func utf8Sequence(lead: UInt8) throws(JSONScanError) {
        let count: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: count = 1
        case 0xE0: count = 2; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: count = 2
        case 0xED: count = 2; upper = 0x9F
        case 0xF0: count = 3; lower = 0x90
        case 0xF1...0xF3: count = 3
        case 0xF4: count = 3; upper = 0x8F
        default: throw .invalidUTF8
        }
        guard i + count < end else {
            // A cut inside a sequence at the very end of the line is a truncated line.
            throw .truncated
        }
        let second = base[i + 1]
        if second < lower || second > upper { throw .invalidUTF8 }
        var k = 2
        while k <= count {
            let b = base[i + k]
            if b < 0x80 || b > 0xBF { throw .invalidUTF8 }
            k += 1
        }
        i += count + 1
    }
}
