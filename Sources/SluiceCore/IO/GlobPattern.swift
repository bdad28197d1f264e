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
            guard let part = parts.first, wildcardMatch(pattern[...], part[...]) else { return false }
            return match(segments.dropFirst(), parts.dropFirst())
        }
    }

    /// Classic wildcard matching of one segment with backtracking on the last `*`.
    static func wildcardMatch(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
        var pi = p.startIndex
        var si = s.startIndex
        var starP: Int?
        var starS = 0
        while si < s.endIndex {
            if pi < p.endIndex {
                let c = p[pi]
                if c == UInt8(ascii: "*") {
                    starP = pi
                    starS = si
                    pi += 1
                    continue
                }
                if c == UInt8(ascii: "?") {
                    pi += 1
                    si += 1
                    continue
                }
                if c == UInt8(ascii: "["), let (matched, next) = classMatch(p, pi, s[si]) {
                    if matched {
                        pi = next
                        si += 1
                        continue
                    }
                } else if c == s[si] {
                    pi += 1
                    si += 1
                    continue
                }
            }
            guard let star = starP else { return false }
            pi = star + 1
            starS += 1
            si = starS
        }
        while pi < p.endIndex && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.endIndex
    }

    /// Matches `[abc]`, `[a-z]`, `[!x]` at `start`; returns whether `b` matched and the index
    /// after the class, or nil when the class is not closed (then `[` is literal).
    static func classMatch(_ p: ArraySlice<UInt8>, _ start: Int, _ b: UInt8) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.endIndex && (p[i] == UInt8(ascii: "!") || p[i] == UInt8(ascii: "^")) {
            negate = true
            i += 1
        }
        var matched = false
        var first = true
        while i < p.endIndex {
            let c = p[i]
            if c == UInt8(ascii: "]") && !first { return (matched != negate, i + 1) }
            first = false
            if i + 2 < p.endIndex && p[i + 1] == UInt8(ascii: "-") && p[i + 2] != UInt8(ascii: "]") {
                if b >= c && b <= p[i + 2] { matched = true }
                i += 3
            } else {
                if b == c { matched = true }
                i += 1
            }
        }
        return nil
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
