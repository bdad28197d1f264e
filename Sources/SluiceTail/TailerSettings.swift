import Glibc
import SluiceCore

/// How the tailer behaves, beyond what each source says.
public struct TailerSettings: Sendable {
    /// What to do when both checkpoint generations are unusable.
    public enum OnCorruptCheckpoints: String, Sendable {
        /// Refuse to start, with an error saying how to recover.
        case fail
        /// Start every file from its beginning (duplicates downstream), loudly.
        case startAtBeginning = "start_at_beginning"
        /// Start every file at its end (lines written meanwhile are skipped), loudly.
        case startAtEnd = "start_at_end"
    }

    /// Longest wait in `poll` between looks at every file, the fallback should inotify miss
    /// something (inotify wakes it sooner for writes, renames and new files). Such a look
    /// costs a `fstat` and a `stat` of every followed file: at 250 ms, 500 files written
    /// without pause had every pass look at all of them (their writes' passes come every
    /// `coalesce_reads`, 250 ms), and 500 idle files cost 4,000 system calls a second. One
    /// second, as Vector's file source looks again at its globs.
    public var pollInterval = 1.0
    /// Shortest time between two passes woken by writes (`coalesce_reads`): writes made while
    /// files are written without pause are read together, a file's lines in one read and
    /// every file's in one batch, instead of a pass for every few writes. The wait is only
    /// after a pass; a write after a quiet spell is read at once. At 5 ms, 500 files written
    /// 20 lines a second each cost about 1.3 CPU-seconds per 100,000 lines, mostly a `fstat`,
    /// two `pread`s and a batch per line; at 250 ms, 0.5 (and one file written at 10,000
    /// lines a second 0.17 instead of 0.53): what reading sooner would gain is less than an
    /// output's batching (`batch.max_age`, 1 s) waits anyway.
    public var coalesceInterval = PipelineConfig.defaultCoalesceReads
    /// Files a pass may read before the wait between passes woken by writes grows beyond
    /// `coalesceInterval` (in proportion to the files read; see `Tailer+Coalescing`).
    public var filesPerCoalescedPass = 128
    /// How many times `coalesceInterval` that wait grows to at most.
    public var coalesceGrowth = 4.0
    /// The fewest write events in a pass for writes to be polled instead of reported (besides
    /// twice the files followed; see `Tailer+Coalescing`).
    public var polledWritesFloor = 256
    /// Safety-net rescan of the globs, besides inotify. Passed while no directory it lists
    /// has changed since the last scan (``DirectorySnapshot``).
    public var scanInterval = 5.0
    /// Directory time stamps this recent (seconds before a scan, wall clock) are not trusted
    /// to show the next change: a time stamp can be as coarse as a clock tick.
    public var racyWindow = 2.0
    /// How often acknowledged offsets are written.
    public var checkpointInterval = 1.0
    public var onCorruptCheckpoints = OnCorruptCheckpoints.fail
    /// Bytes read per `read` call.
    public var chunkSize = 256 * 1024
    /// Bytes read from one file before looking at the others (fairness).
    public var readBudgetPerFile = 4 * 1024 * 1024
    /// Leading bytes hashed into a file's fingerprint.
    public var fingerprintBytes = 1024
    /// Descriptors followed files may hold; nil: from the process's limit
    /// (``DescriptorLimit/fileBudget(limit:)``).
    public var maxOpenFiles: Int?
    /// Where the time rules read the time (`rotate_wait`, `partial_line_timeout`, the
    /// checkpoint interval, rescans, read retries): a ``ManualClock`` in tests.
    public var clock: any MonotonicClock = SystemClock()
    /// Called at every checkpoint write, after the acknowledged offsets were read and before
    /// they are written (the state of stateful stages, which must never be older than the
    /// checkpoints, see ``StatefulStage``). When it throws, the checkpoints are not written.
    public var beforeCheckpointWrite: (@Sendable () throws -> Void)?
    /// Told the path of every file a pass looks at (tests: which files a wake-up costs).
    var lookedAt: (@Sendable (String) -> Void)?
    /// Told of every scan of the globs (tests: which wake-ups list directories).
    var scanned: (@Sendable () -> Void)?
    /// Told when a pass begins to wait for the writes that follow (tests: a stop or a look
    /// asked for during the wait).
    var gathering: (@Sendable () -> Void)?
    /// Told when writes begin (true) or end (false) to be polled instead of reported (tests).
    var pollingWrites: (@Sendable (Bool) -> Void)?

    public init() {}
}
