import SluiceCore

/// The compiled include/exclude globs of a pipeline's file sources: which files they select
/// now, and which source a path belongs to. Used by the tailer and by dry runs.
public struct SourceGlobs: Sendable {
    public let entries: [(source: FileSourceConfig, include: [GlobPattern], exclude: [GlobPattern])]

    /// Compiles the sources' patterns (validated when the config was read).
    public init(_ sources: [FileSourceConfig]) {
        entries = sources.map { source in
            (source, source.include.compactMap { try? GlobPattern($0) }, source.exclude.compactMap { try? GlobPattern($0) })
        }
    }

    /// Every include pattern, and every exclude pattern, of all sources.
    public var includes: [GlobPattern] { entries.flatMap(\.include) }
    public var excludes: [GlobPattern] { entries.flatMap(\.exclude) }

    /// Matching regular files now, in source order, each file once (with the first source
    /// that selects it).
    public func files() -> [(source: FileSourceConfig, path: String)] {
        var seen: Set<String> = []
        var out: [(source: FileSourceConfig, path: String)] = []
        for (source, include, exclude) in entries {
            for path in GlobExpansion.files(include: include, exclude: exclude) where seen.insert(path).inserted {
                out.append((source, path))
            }
        }
        return out
    }

    /// The first source whose patterns select `path`, or nil.
    public func source(for path: String) -> FileSourceConfig? {
        entries.first { entry in
            entry.include.contains { $0.matches(path) } && !entry.exclude.contains { $0.matches(path) }
        }?.source
    }
}
