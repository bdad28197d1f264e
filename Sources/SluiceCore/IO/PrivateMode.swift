#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The modes of what Sluice keeps in `data_dir`: readable by the agent's user only. Dead letters
/// hold event content and checkpoints name log files, so neither is left to the process's umask.
///
/// A mode is given when a file or directory is created (still narrowed by the umask, never
/// widened); one that already exists keeps the mode it has.
public enum PrivateMode {
    /// `data_dir` and the parents Sluice creates for it: `rwx------`.
    public static let directory: mode_t = 0o700
    /// Checkpoints (and their `.tmp` and `.prev` generations), dead letters, `sluice.lock`,
    /// `started`: `rw-------`.
    public static let file: mode_t = 0o600
}
