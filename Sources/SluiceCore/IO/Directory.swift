import Glibc

/// Listing a directory: one place for `opendir`/`readdir`.
public enum Directory {
    /// One entry: its name, full path and inode (from the directory, without a `stat`).
    public struct Entry: Sendable {
        public var name: String
        public var path: String
        public var inode: UInt64
    }

    /// The entries of `directory` except `.` and `..`; empty when it cannot be read.
    public static func entries(_ directory: String) -> [Entry] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var out: [Entry] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            out.append(Entry(name: name, path: directory == "/" ? "/" + name : directory + "/" + name, inode: UInt64(entry.pointee.d_ino)))
        }
        return out
    }

    /// The last component of `path` (its file name).
    public static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The directory part of `path` (`/` for a file at the root).
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
