import Foundation

/// A user-defined pattern (`custom: [{name, pattern}]`): an ICU regular expression compiled
/// once at config time. It runs only when configured and only on string values, never on
/// the built-in detectors' path.
public final class CustomPattern: @unchecked Sendable {
    // NSRegularExpression is immutable once built and documented as safe to share between
    // threads; nothing here mutates it.
    /// The rule name used in masks and counters.
    public let name: String
    let regex: NSRegularExpression

    /// Compiles `pattern`; throws the compiler's error when it is invalid.
    public init(name: String, pattern: String) throws {
        self.name = name
        self.regex = try NSRegularExpression(pattern: pattern, options: [])
    }

    /// Appends the UTF-8 byte ranges of every match in `text` to `matches` as `rule`.
    func scan(_ text: UnsafeBufferPointer<UInt8>, rule: UInt16, into matches: inout [RedactMatch]) {
        let string = String(decoding: text, as: UTF8.self)
        let ns = string as NSString
        let found = regex.matches(in: string, options: [], range: NSRange(location: 0, length: ns.length))
        guard !found.isEmpty else { return }
        // Map UTF-16 offsets back to UTF-8 byte offsets.
        let utf16 = string.utf16
        for m in found where m.range.length > 0 {
            guard let lo16 = utf16.index(utf16.startIndex, offsetBy: m.range.location, limitedBy: utf16.endIndex),
                let hi16 = utf16.index(lo16, offsetBy: m.range.length, limitedBy: utf16.endIndex),
                let lo = lo16.samePosition(in: string.utf8), let hi = hi16.samePosition(in: string.utf8)
            else { continue }
            let start = string.utf8.distance(from: string.utf8.startIndex, to: lo)
            let end = string.utf8.distance(from: string.utf8.startIndex, to: hi)
            matches.append(RedactMatch(start: start, end: end, rule: rule))
        }
    }
}
