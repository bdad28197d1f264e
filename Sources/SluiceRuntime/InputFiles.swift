import SluiceCore
import SluiceTail

/// The files a config's sources select right now.
public enum InputFiles {
    /// Matching files per source, in source order, each file once.
    public static func list(_ sources: [FileSourceConfig]) -> [(source: FileSourceConfig, path: String)] {
        var seen: Set<String> = []
        var out: [(FileSourceConfig, String)] = []
        for source in sources {
            let include = source.include.compactMap { try? GlobPattern($0) }
            let exclude = source.exclude.compactMap { try? GlobPattern($0) }
            for path in GlobExpansion.files(include: include, exclude: exclude) where seen.insert(path).inserted {
                out.append((source, path))
            }
        }
        return out
    }
}
