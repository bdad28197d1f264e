/// A whole pipeline file, validated: sources → stages → outputs, plus the API listener and
/// the rule tests.
public struct PipelineConfig: Sendable {
    /// The file it was read from.
    public var file: String
    /// Where checkpoints and dead-letter files live.
    public var dataDir: String
    public var sources: [FileSourceConfig]
    public var stages: [StageDeclaration]
    public var outputs: [OutputDeclaration]
    /// `host:port` of the metrics and health listener, when configured.
    public var apiListen: String?
    /// `api.ready_failure_window`: seconds an output may keep failing before `/ready` says
    /// the agent is not ready.
    public var readyFailureWindow: Double = 60
    public var tests: [PipelineTestCase]
    /// Seconds between checkpoint writes.
    public var checkpointInterval: Double = 1
    /// `coalesce_reads`: seconds a pass woken by writes waits, after the last one began, for
    /// the writes that follow (see `TailerSettings.coalesceInterval`).
    public var coalesceReads: Double = Self.defaultCoalesceReads
    public static let defaultCoalesceReads = 0.25
    /// `fail`, `start_at_beginning` or `start_at_end`: what to do when both checkpoint
    /// generations are corrupt.
    public var onCorruptCheckpoints = "fail"
    /// Seconds a graceful shutdown waits for in-flight batches before giving up on them
    /// (they are re-read on the next start).
    public var shutdownTimeout: Double = 10
    /// Problems that do not stop the pipeline (unset variables, ignored settings).
    public var warnings: [ConfigIssue]
}

/// Every problem found in a pipeline file.
public struct PipelineConfigError: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigIssue]
    public var warnings: [ConfigIssue]

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Reads and validates pipeline files. Stage and output types are supplied by the caller,
/// so the core knows nothing of their implementations.
public struct PipelineLoader: Sendable {
    public var stageTypes: [any StageOptions.Type]
    public var outputTypes: [any OutputOptions.Type]
    public var environment: [String: String]

    public init(stageTypes: [any StageOptions.Type], outputTypes: [any OutputOptions.Type], environment: [String: String]) {
        self.stageTypes = stageTypes
        self.outputTypes = outputTypes
        self.environment = environment
    }

    /// Reads `path` and validates it.
    public func load(path: String) -> Result<PipelineConfig, PipelineConfigError> {
        let bytes: [UInt8]
        do {
            bytes = try FileIO.readAll(path)
        } catch {
            return .failure(PipelineConfigError(
                errors: [ConfigIssue(path: "", message: "cannot read the file: \(error)", file: path, line: nil, column: nil)],
                warnings: []))
        }
        return load(bytes: bytes, file: path)
    }

    /// Validates the pipeline in `bytes`, a file's content; `file` names it in messages. Bytes
    /// that are not UTF-8 are an error at their line and column: YAML is Unicode text, and
    /// read leniently a Latin-1 `é` in a path would silently become U+FFFD.
    public func load(bytes: [UInt8], file: String) -> Result<PipelineConfig, PipelineConfigError> {
        if let offset = PipelineText.firstInvalidUTF8(bytes) {
            let diagnostics = ConfigDiagnostics(file: file)
            let hex = String(bytes[offset], radix: 16, uppercase: true)
            diagnostics.error("", "not UTF-8: byte 0x\(hex.count == 1 ? "0" : "")\(hex)", at: PipelineText.position(ofByte: offset, in: bytes))
            return .failure(PipelineConfigError(errors: diagnostics.errors, warnings: []))
        }
        return load(text: String(decoding: bytes, as: UTF8.self), file: file)
    }

    /// Validates the pipeline in `text`; `file` names it in messages.
    public func load(text: String, file: String) -> Result<PipelineConfig, PipelineConfigError> {
        let diagnostics = ConfigDiagnostics(file: file)
        let bytes = Array(text.utf8)
        if let offset = PipelineText.aliasInKey(bytes) {
            let name = PipelineText.aliasName(at: offset, in: bytes)
            diagnostics.error("", "an alias (*\(name)) cannot be a key: write the key itself", at: PipelineText.position(ofByte: offset, in: bytes))
            return .failure(PipelineConfigError(errors: diagnostics.errors, warnings: []))
        }
        let root: YAMLNode?
        do {
            root = try YAMLComposer.compose(bytes)
        } catch {
            switch error {
            case .duplicateKeys(let keys, let mark):
                // As Yams did: the first mapping found with repeated keys, each of them named,
                // at the first one's first occurrence.
                for key in keys {
                    diagnostics.error(key, "duplicate key", at: (mark.line, mark.column))
                }
            case .syntax(let message, let mark):
                diagnostics.error("", "not valid YAML: \(message)", at: mark.map { ($0.line, $0.column) })
            }
            return .failure(PipelineConfigError(errors: diagnostics.errors, warnings: diagnostics.warnings))
        }
        guard let root else {
            diagnostics.error("", "the file is empty", at: (1, 1))
            return .failure(PipelineConfigError(errors: diagnostics.errors, warnings: []))
        }
        let top = ConfigNode(node: root, path: "", diagnostics: diagnostics, environment: environment)
        let config = read(top)
        if let config, diagnostics.errors.isEmpty {
            var result = config
            result.warnings = diagnostics.warnings
            return .success(result)
        }
        return .failure(PipelineConfigError(errors: diagnostics.errors, warnings: diagnostics.warnings))
    }

    func read(_ top: ConfigNode) -> PipelineConfig? {
        guard let map = top.mapping() else { return nil }
        let dataDir = map["data_dir"]?.filePath() ?? "/var/lib/sluice"
        var sources: [FileSourceConfig] = []
        if let node = map.required("sources"), let sourceMap = node.mapping() {
            if sourceMap.entries.isEmpty { node.error("declare at least one source") }
            for (name, value) in sourceMap.entries {
                guard let m = value.mapping() else { continue }
                guard let type = m.required("type")?.oneOf(["file"]) else { continue }
                _ = type
                if let source = FileSourceConfig(name: name, map: m) { sources.append(source) }
            }
        }
        var stages: [StageDeclaration] = []
        if let list = map["stages"]?.list() {
            let names = stageTypes.map { $0.typeName }
            for (index, item) in list.enumerated() {
                guard let m = item.mapping(), let typeNode = m.required("type"), let typeName = typeNode.oneOf(names),
                    let stageType = stageTypes.first(where: { $0.typeName == typeName })
                else { continue }
                // `when:` is read for every stage type, before the stage's own keys, so the
                // stage's unknown-key check knows it.
                let whenNode = m["when"]
                let condition = whenNode.flatMap(Condition.read)
                if let whenNode, !stageType.acceptsCondition {
                    whenNode.error("a \(typeName) stage cannot have a when: condition: it runs before the line has fields")
                }
                if whenNode == nil && stageType.requiresCondition {
                    item.error("a \(typeName) stage needs a when: condition (e.g. when: { level: debug })")
                }
                if let options = stageType.init(from: m) {
                    stages.append(StageDeclaration(index: index, options: options, condition: condition))
                }
            }
        }
        var outputs: [OutputDeclaration] = []
        if let node = map.required("outputs"), let outputMap = node.mapping() {
            if outputMap.entries.isEmpty { node.error("declare at least one output") }
            let names = outputTypes.map { $0.typeName }
            for (name, value) in outputMap.entries {
                guard let m = value.mapping(), let typeName = m.required("type")?.oneOf(names),
                    let outputType = outputTypes.first(where: { $0.typeName == typeName })
                else { continue }
                if let options = outputType.init(from: m) {
                    let settings = value.node.flowText(limit: 1 << 20) ?? "\(name): \(outputs.count)"
                    outputs.append(OutputDeclaration(name: name, options: options, settings: settings))
                }
            }
        }
        var apiListen: String?
        var readyFailureWindow = 60.0
        if let api = map["api"]?.mapping() {
            if let listen = api["listen"] {
                apiListen = listen.string()
                if let l = apiListen, HostPort(l) == nil {
                    listen.error("expected host:port such as 127.0.0.1:9598, found \"\(l)\"")
                }
            }
            if let window = api["ready_failure_window"]?.duration(in: 1...86_400) { readyFailureWindow = window }
            api.finish()
        }
        var tests: [PipelineTestCase] = []
        if let list = map["tests"]?.list() {
            tests = list.compactMap { PipelineTestCase(node: $0) }
        }
        var config = PipelineConfig(
            file: top.diagnostics.file, dataDir: dataDir, sources: sources, stages: stages,
            outputs: outputs, apiListen: apiListen, tests: tests, warnings: [])
        config.readyFailureWindow = readyFailureWindow
        if let checkpoints = map["checkpoints"]?.mapping() {
            if let v = checkpoints["interval"]?.duration(in: 0.05...3600) { config.checkpointInterval = v }
            if let v = checkpoints["on_corrupt"]?.oneOf(["fail", "start_at_beginning", "start_at_end"]) { config.onCorruptCheckpoints = v }
            checkpoints.finish()
        }
        if let v = map["shutdown_timeout"]?.duration(in: 0...3600) { config.shutdownTimeout = v }
        if let v = map["coalesce_reads"]?.duration(in: 0...5) { config.coalesceReads = v }
        map.finish()
        return config
    }
}

/// A `host:port` listen address.
public struct HostPort: Sendable, Equatable {
    public var host: String
    public var port: Int

    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        self.host = host
        self.port = port
    }
}
