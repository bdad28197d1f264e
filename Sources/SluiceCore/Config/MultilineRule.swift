/// How a file source joins lines that belong together into one event (`multiline:` on a
/// file source): Python tracebacks after the JSON line that logged them, or any format by a
/// start pattern.
///
/// ```yaml
/// multiline: python                 # the built-in rule for CPython tracebacks
/// multiline:
///   start: '^\{|^\d{4}-\d\d-\d\d '  # a line matching it begins an event (PCRE2)
///   continue: '^\s'                 # optional: only lines matching it join the event before them
///   max_lines: 500                  # a longer group is cut into events of this many lines
///   max_bytes: 1MiB
///   timeout: 1s                     # a last group quiet this long is shipped
///   field: exception                # the member the joined lines go into after a JSON line
/// ```
public struct MultilineRule: Sendable {
    /// How lines are told apart.
    public enum Kind: Sendable {
        /// CPython's tracebacks (``PythonTracebackRule``).
        case python
        /// A line matching `start` begins a group; the others join it (only those matching
        /// `continuation`, when given).
        case pattern(start: BoundedRegex, continuation: BoundedRegex?)
    }

    public var kind: Kind
    public var maxLines = 500
    public var maxBytes = 1 << 20
    /// Seconds a last, possibly unfinished group waits for more lines before it is shipped.
    public var timeout = 1.0
    /// The member of a JSON line that receives the lines joined to it.
    public var field = "exception"

    public init(kind: Kind) { self.kind = kind }

    /// Reads `multiline:` (`python`, or a mapping); nil when invalid, with the problems reported.
    static func read(_ node: ConfigNode) -> MultilineRule? {
        if node.rawScalar != nil {
            guard let name = node.string() else { return nil }
            guard name == "python" else {
                node.error("expected python, or a mapping with start: (and continue:, max_lines, max_bytes, timeout, field)")
                return nil
            }
            return MultilineRule(kind: .python)
        }
        guard let map = node.mapping() else { return nil }
        var rule = MultilineRule(kind: .python)
        if let startNode = map["start"], let text = startNode.nonEmptyString() {
            if text == "python" {
                rule.kind = .python
            } else {
                do throws(BoundedRegex.CompileError) {
                    let start = try BoundedRegex(text, origin: startNode.location)
                    var continuation: BoundedRegex?
                    if let node = map["continue"], let pattern = node.nonEmptyString() {
                        do throws(BoundedRegex.CompileError) {
                            continuation = try BoundedRegex(pattern, origin: node.location)
                        } catch {
                            node.error(error.description)
                        }
                    }
                    rule.kind = .pattern(start: start, continuation: continuation)
                } catch {
                    startNode.error(error.description)
                }
            }
        } else {
            map.node.error("give start: a pattern for a line that begins an event (or multiline: python)")
        }
        if case .python = rule.kind, map["continue"] != nil { map["continue"]?.error("continue: goes with a start: pattern") }
        if let n = map["max_lines"]?.int(in: 2...100_000) { rule.maxLines = n }
        if let n = map["max_bytes"]?.byteSize(in: 256...(1 << 30)) { rule.maxBytes = n }
        if let t = map["timeout"]?.duration(in: 0.01...3600) { rule.timeout = t }
        if let f = map["field"]?.nonEmptyString() { rule.field = f }
        map.finish()
        return map.isValid ? rule : nil
    }
}
