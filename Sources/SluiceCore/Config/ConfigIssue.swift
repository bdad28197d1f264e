/// One problem found in a pipeline file, with the key path and position it concerns.
///
/// Rendered as `stages[2].detecors: unknown key (pipeline.yaml:14:5); did you mean "detectors"?`
public struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    /// Key path, e.g. `outputs.es.url` or `stages[2].detectors[0]`.
    public var path: String
    public var message: String
    public var file: String
    /// 1-based line and column, when known.
    public var line: Int?
    public var column: Int?
    /// A likely intended spelling.
    public var suggestion: String?

    public init(path: String, message: String, file: String, line: Int?, column: Int?, suggestion: String? = nil) {
        self.path = path
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.suggestion = suggestion
    }

    public var description: String {
        var text = path.isEmpty ? message : "\(path): \(message)"
        if let line {
            text += " (\(file):\(line)" + (column.map { ":\($0)" } ?? "") + ")"
        } else {
            text += " (\(file))"
        }
        if let suggestion { text += "; did you mean \"\(suggestion)\"?" }
        return text
    }
}

/// Collects every error and warning found while reading a pipeline file, so they can be
/// reported all at once.
public final class ConfigDiagnostics {
    public let file: String
    public private(set) var errors: [ConfigIssue] = []
    public private(set) var warnings: [ConfigIssue] = []

    public init(file: String) { self.file = file }

    public func error(_ path: String, _ message: String, at mark: (line: Int, column: Int)?, suggestion: String? = nil) {
        errors.append(ConfigIssue(path: path, message: message, file: file, line: mark?.line, column: mark?.column, suggestion: suggestion))
    }

    public func warning(_ path: String, _ message: String, at mark: (line: Int, column: Int)?) {
        warnings.append(ConfigIssue(path: path, message: message, file: file, line: mark?.line, column: mark?.column))
    }
}

/// Finds the closest spelling among `candidates` (Levenshtein distance, case-insensitive),
/// or nil when nothing is close enough to be a plausible typo.
public func closestSpelling(to word: String, in candidates: [String]) -> String? {
    let w = Array(word.lowercased().utf8)
    var best: (String, Int)?
    for candidate in candidates {
        let d = editDistance(w, Array(candidate.lowercased().utf8))
        if best == nil || d < best!.1 { best = (candidate, d) }
    }
    guard let (candidate, distance) = best else { return nil }
    let limit = max(1, min(3, (max(w.count, candidate.utf8.count) + 2) / 4))
    return distance <= limit ? candidate : nil
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring letters ("detecotrs") each cost one.
func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    let width = b.count + 1
    var d = [Int](repeating: 0, count: (a.count + 1) * width)
    for i in 0...a.count { d[i * width] = i }
    for j in 0...b.count { d[j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var best = min(d[(i - 1) * width + j] + 1, d[i * width + j - 1] + 1, d[(i - 1) * width + j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                best = min(best, d[(i - 2) * width + j - 2] + 1)
            }
            d[i * width + j] = best
        }
    }
    return d[a.count * width + b.count]
}
