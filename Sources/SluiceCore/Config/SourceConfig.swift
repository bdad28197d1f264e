/// A `type: file` source: which files to read and how.
public struct FileSourceConfig: Sendable {
    /// Where to begin in a file seen for the first time.
    public enum StartAt: String, Sendable { case beginning, end }

    public var name: String
    /// The name's number (``SourceNames``), which events carry in ``Origin/source``.
    public let sourceID: UInt16
    /// Glob patterns of files to read (`*`, `?`, `**`, `{a,b}`), absolute (relative ones in
    /// the pipeline file are resolved against its directory).
    public var include: [String]
    /// Glob patterns of files to skip.
    public var exclude: [String]
    public var startAt: StartAt
    /// Longer lines are cut to this many bytes, marked and counted.
    public var maxLineBytes: Int
    /// Seconds a rotated or deleted file is kept open, drained and quiet, before closing.
    public var rotateWait: Double = 10
    /// Seconds after which the last line of a rotated file is emitted without its newline.
    public var partialLineTimeout: Double = 5
    /// How lines are joined into events (`multiline:`); nil: one event per line.
    public var multiline: MultilineRule?
    /// How the lines are written: as the application wrote them, or in a container
    /// runtime's format (`format:`).
    public var format: ContainerLogFormat = .lines
    /// Kubernetes metadata from each file's path, as these fields (`kubernetes:`); nil: none.
    public var kubernetes: KubernetesPathFields?

    /// Whether lines are assembled into events on the reading thread (decoded, joined or
    /// given fields) rather than cut later as they are.
    public var assemblesLines: Bool { multiline != nil || format != .lines || kubernetes != nil }

    public static let defaultMaxLineBytes = 1 << 20

    public init(name: String, include: [String], exclude: [String] = [], startAt: StartAt = .beginning, maxLineBytes: Int = defaultMaxLineBytes) {
        self.name = name
        self.sourceID = SourceNames.id(of: name)
        self.include = include
        self.exclude = exclude
        self.startAt = startAt
        self.maxLineBytes = maxLineBytes
    }

    init?(name: String, map: ConfigMapping) {
        let includeNode = map.required("include")
        let includeList = includeNode?.stringList()
        let include = (includeList ?? []).map { includeNode!.resolvePath($0) }
        if let includeList, includeList.isEmpty { includeNode?.error("must list at least one pattern") }
        let excludeNode = map["exclude"]
        let exclude = (excludeNode?.stringList() ?? []).map { excludeNode!.resolvePath($0) }
        for (node, patterns) in [(includeNode, include), (excludeNode, exclude)] {
            for pattern in patterns {
                do throws(GlobPattern.Failure) { _ = try GlobPattern(pattern) } catch { node?.error(error.description) }
            }
        }
        let startAt = map["start_at"]?.oneOf(["beginning", "end"]).flatMap(StartAt.init(rawValue:))
        let maxLine = map["max_line_bytes"]?.byteSize(in: 256...(1 << 30))
        let rotateWait = map["rotate_wait"]?.duration(in: 0...86_400)
        let partialLineTimeout = map["partial_line_timeout"]?.duration(in: 0...86_400)
        let multiline = map["multiline"].flatMap(MultilineRule.read)
        let format = map["format"]?.oneOf(ContainerLogFormat.allCases.map(\.rawValue)).flatMap(ContainerLogFormat.init(rawValue:))
        let kubernetes = map["kubernetes"].flatMap(KubernetesPathFields.read)
        map.finish()
        guard map.isValid else { return nil }
        self.init(
            name: name, include: include, exclude: exclude, startAt: startAt ?? .beginning,
            maxLineBytes: maxLine ?? Self.defaultMaxLineBytes)
        if let rotateWait { self.rotateWait = rotateWait }
        if let partialLineTimeout { self.partialLineTimeout = partialLineTimeout }
        self.multiline = multiline
        if let format { self.format = format }
        self.kubernetes = kubernetes
    }
}
