import Glibc

/// The process's limit on open descriptors (`RLIMIT_NOFILE`).
public enum DescriptorLimit {
    /// Raises the soft limit to the hard limit (a shipper following thousands of files needs
    /// what the system allows, not the shell's default of 1,024) and returns the soft limit
    /// in force afterwards.
    @discardableResult
    public static func raiseToHard() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return current() }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised)
        }
        return current()
    }

    /// The soft limit now.
    public static func current() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return Int(clamping: limit.rlim_cur)
    }

    /// How many descriptors followed files may hold under a soft limit of `limit`: the rest
    /// is kept for checkpoint writes, dead letters, sockets, inotify, the lock file, the
    /// standard streams and the short looks at files (copies, fingerprints): a quarter of the
    /// limit, between 32 and 256 (at a limit of 64, 24 spare ran out under an HTTP output
    /// retrying through faults: a checkpoint write failed with EMFILE).
    public static func fileBudget(limit: Int) -> Int {
        let spare = min(256, max(32, limit / 4))
        return max(4, limit - spare)
    }
}
