import SluiceCore

/// A user-defined pattern (`custom: [{name, pattern}]`): a ``BoundedRegex`` compiled once at
/// config time. It runs only when configured and only on string values, never on the
/// built-in detectors' path.
public struct CustomPattern: Sendable {
    /// The rule name used in masks and counters.
    public let name: String
    let regex: BoundedRegex

    /// Compiles `pattern`; `origin` names where it was configured (for the limit warning).
    public init(name: String, pattern: String, origin: String = "") throws(BoundedRegex.CompileError) {
        self.name = name
        self.regex = try BoundedRegex(pattern, origin: origin.isEmpty ? "custom pattern \(name)" : origin)
    }

    /// Appends the UTF-8 byte ranges of every non-empty match in `text` to `matches` as
    /// `rule`; false when a search gave up at its limit (what it would have matched is unknown).
    func scan(_ text: UnsafeBufferPointer<UInt8>, rule: UInt16, scratch: RegexScratch, into matches: inout [RedactMatch]) -> Bool {
        var start = 0
        while start <= text.count {
            switch regex.firstMatch(in: text, from: start, using: scratch) {
            case .noMatch:
                return true
            case .limitHit:
                return false
            case .match(let range):
                if range.isEmpty {
                    // Step over one character, not into the middle of one.
                    start = range.upperBound + 1
                    while start < text.count && text[start] & 0xC0 == 0x80 { start += 1 }
                } else {
                    matches.append(RedactMatch(start: range.lowerBound, end: range.upperBound, rule: rule))
                    start = range.upperBound
                }
            }
        }
        return true
    }
}
