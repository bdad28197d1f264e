import Glibc
import SluiceCore

/// Lists the regular files that match a source's include patterns and none of its excludes.
public enum GlobExpansion {
    /// Matching files, sorted, each once. Unreadable directories are skipped.
    public static func files(include: [GlobPattern], exclude: [GlobPattern]) -> [String] {
        var found: Set<String> = []
        for pattern in include {
            for (root, depth) in pattern.roots {
                walk(root, depthLeft: depth) { path in
                    if pattern.matches(path) && !exclude.contains(where: { $0.matches(path) }) {
                        found.insert(path)
                    }
                }
            }
        }
        return found.sorted()
    }

    /// Visits regular files (following symlinks to files, not to directories) below `directory`
    /// down to `depthLeft` levels (nil: no limit).
    static func walk(_ directory: String, depthLeft: Int?, _ visit: (String) -> Void) {
        if let depthLeft, depthLeft <= 0 { return }
        var subdirectories: [String] = []
        for entry in Directory.entries(directory) {
            let path = entry.path
            var st = stat()
            guard stat(path, &st) == 0 else { continue }
            let type = st.st_mode & S_IFMT
            if type == S_IFREG {
                visit(path)
            } else if type == S_IFDIR {
                var lst = stat()
                if lstat(path, &lst) == 0 && (lst.st_mode & S_IFMT) == S_IFDIR { subdirectories.append(path) }
            }
        }
        for sub in subdirectories {
            walk(sub, depthLeft: depthLeft.map { $0 - 1 }, visit)
        }
    }
}
