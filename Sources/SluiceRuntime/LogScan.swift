import SluiceCore
import SluiceStages
import SluiceTail

/// `sluice scan`: every redaction detector over existing logs, reporting per field path and
/// rule how many values would be redacted, with examples reduced to their shape (never the
/// value), and the `redact:` stage those logs call for.
///
/// Lines are parsed as `parse_json` would and redacted with every built-in detector and the
/// default sensitive keys; the redactions are recorded in memory only, reduced to counts and
/// shapes as each batch ends, and forgotten.
public final class LogScan {
    /// One field path and rule.
    public struct Finding: Sendable, Equatable {
        public var path: String
        public var rule: String
        /// Values (or parts of values) the rule would redact.
        public var matches = 0
        /// Of those, values that were the rule's match from end to end.
        public var wholeValues = 0
        /// Up to three shapes of what matched (``shape(_:)``): letters `x`/`X`, digits `9`.
        public var examples: [String] = []
    }

    /// The most distinct paths counted (further ones are counted under `(other)`).
    static let maxPaths = 10_000

    let chain: StageChain
    let recorder = RedactionRecorder()
    let source: FileSourceConfig?
    public private(set) var findings: [String: Finding] = [:]
    /// Events in which each path held a string value.
    public private(set) var valuesPerPath: [String: Int] = [:]
    public private(set) var lines = 0
    public private(set) var events = 0
    public private(set) var files = 0

    /// A scan that reads files as `source` reads them (its `format:`, `multiline:`; nil:
    /// one JSON line per event).
    public init(source: FileSourceConfig? = nil) throws {
        let text = """
            sources:
              scan: { type: file, include: ["/dev/null"] }
            stages:
              - type: parse_json
              - type: redact
            outputs:
              none: { type: blackhole }
            """
        let config = try Pipelines.loader(environment: [:]).load(text: text, file: "scan").get()
        chain = StageChain(config.stages, redactions: recorder)
        self.source = source
    }

    /// Scans the file at `path`.
    public func scan(path: String) throws {
        let reader = FileBatchReader(maxLineBytes: source?.maxLineBytes ?? FileSourceConfig.defaultMaxLineBytes, source: source)
        lines += try reader.readWhole(path: path, fileID: UInt32(files)) { batch in process(&batch) }
        files += 1
    }

    /// Scans standard input to its end.
    public func scanStandardInput() throws {
        let reader = FileBatchReader(maxLineBytes: source?.maxLineBytes ?? FileSourceConfig.defaultMaxLineBytes, source: source)
        lines += try reader.readToEnd(fd: 0, name: "<stdin>", fileID: UInt32(files)) { batch in process(&batch) }
        files += 1
    }

    func process(_ batch: inout Batch) {
        // The values each event holds, by path, before redaction: the "whole value" test.
        var originals: [Origin: [String: Int]] = [:]
        for event in batch.events {
            guard let object = try? JSONObject(parsing: event.line) else { continue }
            var lengths: [String: Int] = [:]
            Self.stringLengths(object, prefix: "", into: &lengths)
            for path in lengths.keys { count(path) }
            originals[event.origin] = lengths
        }
        chain.process(&batch)
        events += batch.events.count + batch.deadLetters.count
        for redaction in recorder.take() {
            let key = redaction.path + "\u{0}" + redaction.rule
            var finding = findings[key] ?? Finding(path: redaction.path, rule: redaction.rule)
            finding.matches += 1
            if originals[redaction.origin]?[redaction.path] == redaction.original.count { finding.wholeValues += 1 }
            if finding.examples.count < 3 {
                let shape = Self.shape(redaction.original)
                if !finding.examples.contains(shape) { finding.examples.append(shape) }
            }
            findings[key] = finding
        }
    }

    private func count(_ path: String) {
        if valuesPerPath[path] != nil || valuesPerPath.count < Self.maxPaths {
            valuesPerPath[path, default: 0] += 1
        } else {
            valuesPerPath["(other)", default: 0] += 1
        }
    }

    /// The decoded byte length of every string value reachable through objects (not
    /// arrays), by dotted path, as the redact stage names paths.
    static func stringLengths(_ object: JSONObject, prefix: String, into out: inout [String: Int]) {
        object.forEachMember { index, _, _, kind, raw in
            let path = prefix.isEmpty ? object.key(at: index) : prefix + "." + object.key(at: index)
            switch kind {
            case .string:
                var decoded: [UInt8] = []
                JSONStringCodec.decode(UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast()), into: &decoded)
                out[path] = decoded.count
            case .object:
                if let nested = try? JSONObject(parsing: ArraySlice(raw)) { stringLengths(nested, prefix: path, into: &out) }
            default:
                break
            }
        }
    }

    /// What a value looks like without what it says: letters become `x` (`X` upper case),
    /// digits `9`, other characters stay; at most 40 characters.
    public static func shape(_ value: [UInt8]) -> String {
        var out = ""
        for scalar in String(decoding: value, as: UTF8.self).unicodeScalars {
            if out.count >= 40 {
                out += "…"
                break
            }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter: out += "X"
            case .lowercaseLetter, .otherLetter, .modifierLetter, .titlecaseLetter: out += "x"
            case .decimalNumber: out += "9"
            default: out.unicodeScalars.append(scalar.value < 0x20 ? " " : scalar)
            }
        }
        return out
    }

    // MARK: Report

    /// Findings by number of matches, most first.
    public var sortedFindings: [Finding] {
        findings.values.sorted { ($0.matches, $1.path, $1.rule) > ($1.matches, $0.path, $0.rule) }
    }

    /// Paths whose values were redacted whole by one rule in at least 90% of the events
    /// holding them (and at least 3 times): candidates for a `fields:` action.
    public var wholeFieldPaths: [(path: String, rule: String, share: Double)] {
        sortedFindings.compactMap { f in
            guard f.rule != "sensitive_key", !f.path.isEmpty, !f.path.contains("[]"), f.wholeValues >= 3,
                let total = valuesPerPath[f.path], total > 0
            else { return nil }
            let share = Double(f.wholeValues) / Double(total)
            return share >= 0.9 ? (f.path, f.rule, share) : nil
        }
    }

    /// Rule names the `detectors:` key accepts, for the rules that found something.
    public var foundDetectors: [String] {
        let names = Set(RedactRule.detectorNames.map(\.name))
        return Array(Set(findings.values.map(\.rule)).filter { names.contains($0) }).sorted()
    }

    /// The `redact` stage these logs call for, as pipeline YAML (a list item under `stages:`).
    public func suggestedStage() -> String {
        var lines = ["  - type: redact"]
        let detectors = foundDetectors
        if detectors.isEmpty {
            lines.append("    # no detector found anything; the defaults (every detector) stay on")
        } else {
            lines.append("    detectors: [\(detectors.joined(separator: ", "))]   # what these logs hold")
        }
        let whole = wholeFieldPaths
        // Keys that held a secret through and through, to be masked wherever they appear.
        let secretKeys = Set(whole.filter { Self.secretRules.contains($0.rule) }.map { String($0.path.split(separator: ".").last ?? "") })
            .subtracting(SensitiveKeys.defaults).filter { !$0.isEmpty }.sorted()
        if !secretKeys.isEmpty {
            lines.append("    sensitive_keys: [\((SensitiveKeys.defaults + secretKeys).map(Self.yamlScalar).joined(separator: ", "))]")
            lines.append("    # (the defaults, plus \(secretKeys.joined(separator: ", ")))")
        }
        if !whole.isEmpty {
            lines.append("    fields:                         # values that are personal data through and through")
            for (path, rule, share) in whole {
                lines.append("      \(Self.yamlKey(path)): mask     # \(Int((share * 100).rounded()))% of its values are \(rule)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The report: counts, the findings table, the suggested stage.
    public func report() -> String {
        var out = "scanned \(files) input\(files == 1 ? "" : "s"): \(lines) lines, \(events) events\n"
        let findings = sortedFindings
        if findings.isEmpty {
            out += "nothing any detector or sensitive key would redact\n"
        } else {
            let pathWidth = min(48, max(4, findings.map(\.path.count).max() ?? 4))
            let ruleWidth = max(4, findings.map(\.rule.count).max() ?? 4)
            out += "path".fitted(pathWidth) + "  "
                + "rule".fitted(ruleWidth) + "  matches  whole values  examples (shapes, not values)\n"
            for f in findings {
                let path = f.path.isEmpty ? "(line)" : f.path
                let total = valuesPerPath[f.path].map { "\(f.wholeValues)/\($0)" } ?? "\(f.wholeValues)"
                out += path.fitted(pathWidth) + "  "
                    + f.rule.fitted(ruleWidth) + "  "
                    + String(f.matches).leftPadded(7) + "  " + total.leftPadded(12) + "  " + f.examples.joined(separator: "  ") + "\n"
            }
        }
        out += "\nsuggested stage (after parse_json; check the pipeline with `sluice validate`):\n"
        out += suggestedStage() + "\n"
        return out
    }

    /// Rules whose matches are credentials.
    static let secretRules: Set<String> = [
        "api_key", "aws_access_key", "github_token", "slack_token", "jwt", "bearer_token", "private_key", "secret_pair",
    ]

    /// A path as a YAML mapping key (double-quoted when it holds anything but a plain name).
    static func yamlKey(_ path: String) -> String { yamlScalar(path) }

    static func yamlScalar(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
        }
        if plain { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
    /// Cut or padded with spaces to `width` characters (Foundation's `padding(toLength:)`).
    fileprivate func fitted(_ width: Int) -> String { count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count) }
}
