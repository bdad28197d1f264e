import SluiceCore

/// The built-in `multiline: python` rule: which lines of a Python app's log belong to the
/// event before them. Decided on each line's first bytes, in one pass, with a little state.
///
/// | line | joins the group before it when |
/// | --- | --- |
/// | a JSON object (`{…`) | never: it begins an event |
/// | `Traceback (most recent call last):` | the group has no traceback yet (a JSON or plain line that logged it), or the line before was a chaining line |
/// | `During handling of the above exception…`, `The above exception was the direct cause…` | a traceback is open |
/// | indented (`  File "…"`, source lines, exception groups' `+` and `|` lines), blank | there is a group |
/// | `SomeError: message` (a dotted name and a colon, or a bare name) ending a traceback | the traceback is open |
/// | any other text | the group is a JSON line without a traceback (plain text printed after it) |
///
/// Any other line begins an event of its own.
struct PythonTracebackRule {
    /// What the open group holds so far.
    private var hasGroup = false
    private var startedWithJSON = false
    private var hasTraceback = false
    /// Inside a traceback: its final exception line has not come yet.
    private var tracebackOpen = false
    /// The last non-blank line was a chaining line (a traceback follows).
    private var afterChain = false

    static let traceback = Array("Traceback (most recent call last):".utf8)
    static let duringHandling = Array("During handling of the above exception".utf8)
    static let directCause = Array("The above exception was the direct cause".utf8)

    /// Whether `line` joins the open group; updates the state either way (a line that does
    /// not join begins the next group).
    mutating func joins(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = line.first
        if first == UInt8(ascii: "{") {
            begin(json: true)
            return false
        }
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            if !hasGroup { begin(json: false); return false }
            return true
        }
        if line.isEmpty || Self.isBlank(line) {
            if !hasGroup { begin(json: false); return false }
            return true
        }
        if Self.hasPrefix(line, Self.traceback) {
            if hasGroup && (!hasTraceback || afterChain) {
                hasTraceback = true
                tracebackOpen = true
                afterChain = false
                return true
            }
            begin(json: false)
            hasTraceback = true
            tracebackOpen = true
            return false
        }
        if Self.hasPrefix(line, Self.duringHandling) || Self.hasPrefix(line, Self.directCause) {
            if hasGroup && hasTraceback {
                afterChain = true
                return true
            }
            begin(json: false)
            return false
        }
        if hasGroup && tracebackOpen && Self.isExceptionLine(line) {
            tracebackOpen = false
            return true
        }
        if hasGroup && startedWithJSON && !hasTraceback { return true }
        begin(json: false)
        return false
    }

    private mutating func begin(json: Bool) {
        hasGroup = true
        startedWithJSON = json
        hasTraceback = false
        tracebackOpen = false
        afterChain = false
    }

    static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    static func hasPrefix(_ line: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard line.count >= prefix.count else { return false }
        for k in 0..<prefix.count where line[k] != prefix[k] { return false }
        return true
    }

    /// `ValueError: bad`, `pkg.mod.CustomError: x`, `KeyboardInterrupt`: a (dotted) name,
    /// then a colon or the end of the line.
    static func isExceptionLine(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        var sawLetter = false
        while i < line.count {
            let b = line[i]
            let letter = (b | 0x20) &- UInt8(ascii: "a") < 26 || b == UInt8(ascii: "_")
            let digit = b &- UInt8(ascii: "0") < 10
            if letter || (sawLetter && (digit || b == UInt8(ascii: "."))) {
                sawLetter = true
                i += 1
                continue
            }
            return sawLetter && b == UInt8(ascii: ":")
        }
        return sawLetter
    }
}
