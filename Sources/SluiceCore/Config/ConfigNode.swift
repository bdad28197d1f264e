/// A node of the pipeline file with its key path, position and the diagnostics it reports to.
///
/// Typed accessors report a clear error (key path, line, column) and return nil when the
/// value has the wrong type or is out of range, so one pass finds every problem.
public struct ConfigNode {
    let node: YAMLNode
    /// Key path of this node, e.g. `stages[1].detectors`.
    public let path: String
    let diagnostics: ConfigDiagnostics
    let environment: [String: String]

    init(node: YAMLNode, path: String, diagnostics: ConfigDiagnostics, environment: [String: String]) {
        self.node = node
        self.path = path
        self.diagnostics = diagnostics
        self.environment = environment
    }

    /// Line and column of this node in the file.
    public var mark: (line: Int, column: Int)? { (node.mark.line, node.mark.column) }

    /// The key path and position, as errors show them: `stages[1].when.msg (p.yaml:7:16)`.
    public var location: String {
        guard let mark else { return "\(path) (\(diagnostics.file))" }
        return "\(path) (\(diagnostics.file):\(mark.line):\(mark.column))"
    }

    /// Reports an error at this node.
    public func error(_ message: String, suggestion: String? = nil) {
        diagnostics.error(path, message, at: mark, suggestion: suggestion)
    }

    /// Reports a warning at this node.
    public func warning(_ message: String) {
        diagnostics.warning(path, message, at: mark)
    }

    func child(_ node: YAMLNode, _ suffix: String) -> ConfigNode {
        ConfigNode(node: node, path: path + suffix, diagnostics: diagnostics, environment: environment)
    }

    var typeName: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let s) where s.style == .plain && (s.string == "null" || s.string == "~" || s.string.isEmpty): "null"
        case .scalar: "a scalar"
        }
    }

    // MARK: Scalars

    /// The scalar as written in the file, before interpolation (nil for lists and mappings).
    /// Lets a reader explain an empty value that came from an unset `${VAR}`.
    public var rawScalar: String? {
        if case .scalar(let scalar) = node { return scalar.string }
        return nil
    }

    /// The scalar's text after `${VAR}` interpolation.
    public func string() -> String? {
        guard case .scalar(let scalar) = node else {
            error("expected a string, found \(typeName)")
            return nil
        }
        if scalar.style == .plain && (scalar.string == "~" || scalar.string == "null") {
            error("expected a string, found null")
            return nil
        }
        do {
            let result = try Interpolation.expand(scalar.string, environment: environment)
            for name in result.unset {
                warning("environment variable \(name) is not set; using an empty string (write ${\(name):-default} to give a default)")
            }
            return result.value
        } catch {
            self.error(error.description)
            return nil
        }
    }

    /// A non-empty string.
    public func nonEmptyString() -> String? {
        guard let s = string() else { return nil }
        if s.isEmpty {
            error("must not be empty")
            return nil
        }
        return s
    }

    /// One of `allowed`, with a suggestion for a near miss.
    public func oneOf(_ allowed: [String]) -> String? {
        guard let s = string() else { return nil }
        guard allowed.contains(s) else {
            error("\"\(s)\" is not one of \(allowed.joined(separator: ", "))", suggestion: closestSpelling(to: s, in: allowed))
            return nil
        }
        return s
    }

    /// `true`/`false` (also `yes`/`no`, `on`/`off`).
    public func bool() -> Bool? {
        guard let s = string() else { return nil }
        switch s.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error("expected true or false, found \"\(s)\"")
            return nil
        }
    }

    /// An integer within `range`.
    public func int(in range: ClosedRange<Int> = Int.min...Int.max) -> Int? {
        guard let s = string() else { return nil }
        guard let v = Int(s.removingAll("_")) else {
            error("expected an integer, found \"\(s)\"")
            return nil
        }
        guard range.contains(v) else {
            error("\(v) is out of range \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return v
    }

    /// A number within `range`.
    public func double(in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) -> Double? {
        guard let s = string() else { return nil }
        guard let v = Double(s), v.isFinite else {
            error("expected a number, found \"\(s)\"")
            return nil
        }
        guard range.contains(v) else {
            error("\(s) is out of range \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return v
    }

    /// A size in bytes: `1048576`, `512KiB`, `1MiB`, `256KB` (KB = 1000), `1GiB`.
    public func byteSize(in range: ClosedRange<Int> = 1...Int.max) -> Int? {
        guard let s = string() else { return nil }
        guard let v = ConfigNode.parseByteSize(s) else {
            error("expected a size such as 1048576, 512KiB or 1MiB, found \"\(s)\"")
            return nil
        }
        guard range.contains(v) else {
            error("\(s) is out of range \(range.lowerBound)...\(range.upperBound) bytes")
            return nil
        }
        return v
    }

    static func parseByteSize(_ text: String) -> Int? {
        let s = text.trimmingWhitespace()
        let digits = s.prefix { $0.isNumber }
        guard let n = Int(digits) else { return nil }
        let units: [String: Int] = [
            "": 1, "b": 1, "k": 1024, "kb": 1000, "kib": 1024, "m": 1 << 20, "mb": 1_000_000,
            "mib": 1 << 20, "g": 1 << 30, "gb": 1_000_000_000, "gib": 1 << 30,
        ]
        guard let unit = units[s.dropFirst(digits.count).trimmingWhitespace().lowercased()] else { return nil }
        let (v, overflow) = n.multipliedReportingOverflow(by: unit)
        return overflow ? nil : v
    }

    /// A duration in seconds: `250ms`, `5s`, `2m`, `1h`, or a bare number of seconds.
    public func duration(in range: ClosedRange<Double> = 0...Double.greatestFiniteMagnitude) -> Double? {
        guard let s = string() else { return nil }
        guard let v = ConfigNode.parseDuration(s) else {
            error("expected a duration such as 500ms, 5s, 2m or 1h, found \"\(s)\"")
            return nil
        }
        guard range.contains(v) else {
            error("\(s) is out of range")
            return nil
        }
        return v
    }

    static func parseDuration(_ text: String) -> Double? {
        let s = text.trimmingWhitespace()
        let number = s.prefix { $0.isNumber || $0 == "." }
        guard let n = Double(number) else { return nil }
        switch s.dropFirst(number.count) {
        case "", "s": return n
        case "ms": return n / 1000
        case "m": return n * 60
        case "h": return n * 3600
        default: return nil
        }
    }

    /// A file-system path; a relative one is taken relative to the pipeline file's directory,
    /// so a pipeline works from any working directory.
    public func filePath() -> String? {
        nonEmptyString().map(resolvePath)
    }

    /// `path` made absolute against the pipeline file's directory.
    public func resolvePath(_ path: String) -> String {
        if path.hasPrefix("/") { return Self.normalise(path) }
        var base = diagnostics.file
        if let slash = base.lastIndex(of: "/") {
            base = String(base[..<slash])
        } else {
            base = "."
        }
        if !base.hasPrefix("/") {
            base = FileIO.currentDirectory() + (base == "." ? "" : "/" + base)
        }
        return Self.normalise(base + "/" + path)
    }

    /// Removes `.`, `..`, repeated and trailing slashes from an absolute path.
    static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    // MARK: Collections

    /// The node as a mapping.
    public func mapping() -> ConfigMapping? {
        guard case .mapping(let mapping) = node else {
            error("expected a mapping, found \(typeName)")
            return nil
        }
        return ConfigMapping(self, mapping)
    }

    /// The node as a list of nodes.
    public func list() -> [ConfigNode]? {
        guard case .sequence(let sequence) = node else {
            error("expected a list, found \(typeName)")
            return nil
        }
        return sequence.items.enumerated().map { child($1, "[\($0)]") }
    }

    /// A list of strings; a single string is taken as a list of one.
    public func stringList() -> [String]? {
        if case .scalar = node { return string().map { [$0] } }
        guard let items = list() else { return nil }
        var out: [String] = []
        var ok = true
        for item in items {
            if let s = item.string() { out.append(s) } else { ok = false }
        }
        return ok ? out : nil
    }
}

/// A mapping node that remembers which keys were asked for, so that ``finish()`` can report
/// every other key as unknown, with the closest known spelling.
public final class ConfigMapping {
    /// The mapping node itself.
    public let node: ConfigNode
    /// Keys in file order with their nodes.
    public let entries: [(key: String, value: ConfigNode)]
    private var asked: [String] = []
    private let keyMarks: [String: (line: Int, column: Int)]

    private let errorCountAtStart: Int

    /// True while no error has been reported since this mapping was read (errors in nested
    /// values count too).
    public var isValid: Bool { node.diagnostics.errors.count == errorCountAtStart }

    init(_ node: ConfigNode, _ mapping: YAMLNode.Map) {
        self.node = node
        self.errorCountAtStart = node.diagnostics.errors.count
        var marks: [String: (line: Int, column: Int)] = [:]
        var entries: [(String, ConfigNode)] = []
        var seen: Set<String> = []
        for (keyNode, value) in mapping.pairs {
            let key = keyNode.keyName
            let child = node.child(value, node.path.isEmpty ? key : ".\(key)")
            if !seen.insert(key).inserted {
                node.diagnostics.error(child.path, "duplicate key", at: (keyNode.mark.line, keyNode.mark.column))
                continue
            }
            entries.append((key, child))
            marks[key] = (keyNode.mark.line, keyNode.mark.column)
        }
        self.entries = entries
        self.keyMarks = marks
    }

    /// The value of `key`, or nil when absent. Marks `key` as known.
    public subscript(key: String) -> ConfigNode? {
        asked.append(key)
        return entries.first { $0.key == key }?.value
    }

    /// The value of `key`; reports "missing required key" when absent.
    public func required(_ key: String) -> ConfigNode? {
        guard let value = self[key] else {
            let path = node.path.isEmpty ? key : "\(node.path).\(key)"
            node.diagnostics.error(path, "missing required key", at: node.mark)
            return nil
        }
        return value
    }

    /// Reports every key that was never asked for as unknown.
    public func finish() {
        for (key, value) in entries where !asked.contains(key) {
            value.diagnostics.error(
                value.path, "unknown key", at: keyMarks[key] ?? value.mark,
                suggestion: closestSpelling(to: key, in: asked))
        }
    }
}
