import Glibc

/// A file glob: `*` and `?` within one path segment, `[a-z]` / `[!a-z]` classes, `**` for any
/// number of directories, and `{a,b}` alternatives (expanded when compiled).
public struct GlobPattern: Sendable, Equatable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    /// One segment list per brace alternative.
    let alternatives: [[Segment]]

    enum Segment: Sendable, Equatable {
        case literal([UInt8])
        case wildcard([UInt8])
        case anyDirectories
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notAbsolute(String)
        case unbalancedBraces(String)
        case unbalancedBracket(String)

        public var description: String {
            switch self {
            case .notAbsolute(let p): "\"\(p)\" must be an absolute path"
            case .unbalancedBraces(let p): "\"\(p)\" has an unclosed \"{\""
            case .unbalancedBracket(let p): "\"\(p)\" has an unclosed \"[\""
            }
        }
    }

    /// Compiles an absolute pattern.
    public init(_ pattern: String) throws(Failure) {
        guard pattern.hasPrefix("/") else { throw .notAbsolute(pattern) }
        self.pattern = pattern
        var alternatives: [[Segment]] = []
        for expanded in try Self.expandBraces(pattern) {
            var segments: [Segment] = []
            for part in expanded.split(separator: "/") {
                let bytes = Array(part.utf8)
                if part == "**" {
                    if segments.last != .anyDirectories { segments.append(.anyDirectories) }
                } else if bytes.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }) {
                    if bytes.contains(UInt8(ascii: "[")) && !bytes.contains(UInt8(ascii: "]")) {
                        throw .unbalancedBracket(pattern)
                    }
                    segments.append(.wildcard(bytes))
                } else {
                    segments.append(.literal(bytes))
                }
            }
            alternatives.append(segments)
        }
        self.alternatives = alternatives
    }

    public var description: String { pattern }

    /// Expands `{a,b}` alternatives (nested braces allowed) into plain patterns.
    static func expandBraces(_ pattern: String) throws(Failure) -> [String] {
        let chars = Array(pattern)
        guard let open = chars.firstIndex(of: "{") else { return [pattern] }
        var depth = 0
        var close: Int?
        var commas: [Int] = []
        for i in open..<chars.count {
            switch chars[i] {
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { close = i }
            case "," where depth == 1: commas.append(i)
            default: break
            }
            if close != nil { break }
        }
        guard let close else { throw .unbalancedBraces(pattern) }
        let prefix = String(chars[..<open])
        let suffix = String(chars[(close + 1)...])
        var bounds = [open] + commas + [close]
        var results: [String] = []
        if commas.isEmpty { bounds = [open, close] }
        for k in 0..<(bounds.count - 1) {
            let option = String(chars[(bounds[k] + 1)..<bounds[k + 1]])
            results.append(contentsOf: try expandBraces(prefix + option + suffix))
        }
        return results
    }

    /// True when `path` (absolute) matches.
    public func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/").map { Array($0.utf8) }
        return alternatives.contains { Self.match($0[...], parts[...]) }
    }

    static func match(_ segments: ArraySlice<Segment>, _ parts: ArraySlice<[UInt8]>) -> Bool {
        guard let first = segments.first else { return parts.isEmpty }
        switch first {
        case .anyDirectories:
            // Zero or more directories; the rest must still match.
            var rest = parts
            while true {
                if match(segments.dropFirst(), rest) { return true }
                if rest.isEmpty { return false }
                rest = rest.dropFirst()
            }
        case .literal(let bytes):
            guard let part = parts.first, part == bytes else { return false }
            return match(segments.dropFirst(), parts.dropFirst())
        case .wildcard(let pattern):
            guard let part = parts.first, wildcardMatch(pattern, part) else { return false }
            return match(segments.dropFirst(), parts.dropFirst())
        }
    }

    /// One segment against a wildcard segment: `fnmatch(3)` (bytes, no escapes, `*` also
    /// matching a leading dot, `[!a-z]` and `[^a-z]` classes, an unclosed `[` literal).
    static func wildcardMatch(_ pattern: [UInt8], _ segment: [UInt8]) -> Bool {
        (pattern + [0]).withUnsafeBufferPointer { p in
            (segment + [0]).withUnsafeBufferPointer { s in
                p.withMemoryRebound(to: CChar.self) { p in
                    s.withMemoryRebound(to: CChar.self) { s in fnmatch(p.baseAddress, s.baseAddress, FNM_NOESCAPE) == 0 }
                }
            }
        }
    }

    /// The deepest directory that every match lies under (the walk starts there), and
    /// whether matches can be deeper than one level below it.
    public var roots: [(directory: String, depth: Int?)] {
        alternatives.map { segments in
            var directory = ""
            var k = 0
            while k < segments.count - 1, case .literal(let bytes) = segments[k] {
                directory += "/" + String(decoding: bytes, as: UTF8.self)
                k += 1
            }
            let rest = segments[k...]
            let depth: Int? = rest.contains(.anyDirectories) ? nil : rest.count
            return (directory.isEmpty ? "/" : directory, depth)
        }
    }
}
