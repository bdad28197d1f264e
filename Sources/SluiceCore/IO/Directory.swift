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
    ///
    /// Split at the last `/` byte, as the kernel does: not at the last `Character`, which
    /// costs a walk of grapheme breaks from the end (thousands of instructions a path, and the
    /// copy detector asks for each pair of followed files) and misses a `/` followed by a
    /// combining mark.
    public static func name(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(decoding: path.utf8[path.utf8.index(after: slash)...], as: UTF8.self)
    }

    /// The directory part of `path` (`/` for a file at the root); split like ``name(of:)``.
    public static func parent(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return slash == path.utf8.startIndex ? "/" : String(decoding: path.utf8[..<slash], as: UTF8.self)
    }
}
