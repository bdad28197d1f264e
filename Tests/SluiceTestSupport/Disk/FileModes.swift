import Foundation
import Glibc

/// Permission bits of files for the tests of what Sluice creates, and the umask they were
/// created under.
public enum FileModes {
    /// The permission bits of `path` (the link itself for a symlink); nil when it does not exist.
    public static func permissions(_ path: String) -> mode_t? {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & 0o7777 : nil
    }

    /// This process's umask, read from `/proc/self/status` (`umask(2)` can only read it by
    /// changing it, which tests running in parallel would see).
    public static var umask: mode_t {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
            let value = line.split(separator: "\t").last.flatMap({ mode_t($0.trimmingCharacters(in: .whitespaces), radix: 8) })
        else { return 0o022 }
        return value
    }

    /// The mode a file or directory created here with `mode` gets (the umask removed).
    public static func created(_ mode: mode_t) -> mode_t { mode & ~umask }

    /// `0600`, or `missing` for nil.
    public static func octal(_ mode: mode_t?) -> String { mode.map { "0" + String($0, radix: 8) } ?? "missing" }
}
