import Glibc
import SluiceCore

/// Lists the regular files that match a source's include patterns and none of its excludes.
public enum GlobExpansion {
    /// Matching files, sorted, each once. Unreadable directories are skipped.
    public static func files(include: [GlobPattern], exclude: [GlobPattern]) -> [String] {
        var found: Set<String> = []
        for pattern in include {
            for (root, depth) in pattern.roots {
                var visited: Set<FileKey> = []
                walk(root, depthLeft: depth, visited: &visited) { path in
                    if pattern.matches(path) && !exclude.contains(where: { $0.matches(path) }) {
                        found.insert(path)
                    }
                }
            }
        }
        return found.sorted()
    }

    /// Visits regular files below `directory` down to `depthLeft` levels (nil: no limit),
    /// following symlinks to files and to directories. Each directory is entered once,
    /// under the first name found for it (names sorted): a symlink back up the tree (a loop)
    /// or a second link to the same directory is not entered again.
    static func walk(_ directory: String, depthLeft: Int?, visited: inout Set<FileKey>, _ visit: (String) -> Void) {
        if let depthLeft, depthLeft <= 0 { return }
        guard let here = FileKey.of(directory), visited.insert(here).inserted else { return }
        var subdirectories: [String] = []
        for entry in Directory.entries(directory).sorted(by: { $0.name < $1.name }) {
            let path = entry.path
            var st = stat()
            guard stat(path, &st) == 0 else { continue }
            let type = st.st_mode & S_IFMT
            if type == S_IFREG {
                visit(path)
            } else if type == S_IFDIR {
                subdirectories.append(path)
            }
        }
        for sub in subdirectories {
            walk(sub, depthLeft: depthLeft.map { $0 - 1 }, visited: &visited, visit)
        }
    }

    /// The directories below `directory` down to `depthLeft` levels, symlinks followed as
    /// ``walk(_:depthLeft:visited:_:)`` does (the ones to watch).
    static func directories(below directory: String, depthLeft: Int?, into set: inout Set<String>) {
        var visited: Set<FileKey> = []
        collect(directory, depthLeft: depthLeft, visited: &visited, into: &set)
    }

    private static func collect(_ dir: String, depthLeft: Int?, visited: inout Set<FileKey>, into set: inout Set<String>) {
        if let depthLeft, depthLeft <= 0 { return }
        guard let here = FileKey.of(dir), visited.insert(here).inserted else { return }
        for entry in Directory.entries(dir).sorted(by: { $0.name < $1.name }) {
            var st = stat()
            guard stat(entry.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, !visited.contains(FileKey(st)) else { continue }
            set.insert(entry.path)
            collect(entry.path, depthLeft: depthLeft.map { $0 - 1 }, visited: &visited, into: &set)
        }
    }
}
