import CPCRE2

/// Working memory for ``BoundedRegex`` searches — PCRE2 match data, the match context that
/// carries the limits, and a JIT stack — plus the number of searches that gave up.
///
/// Not `Sendable`: one thread uses it at a time. Make one per batch (the C memory is only
/// allocated at the first search) and read ``limitHits`` when the batch is done.
public final class RegexScratch {
    private var raw: OpaquePointer?
    private let jitStack: Int
    /// Searches through this scratch that stopped at a limit.
    public internal(set) var limitHits = 0

    /// The most JIT code may use for backtracking: 1 MiB, reserved at the first search and
    /// touched only as it is used (PCRE2's default, 32 KiB, already stops `(ab)+$` over 10 KB of `abab…`).
    public static let defaultJITStack = 1 << 20

    public init(jitStack: Int = RegexScratch.defaultJITStack) {
        self.jitStack = jitStack
    }

    deinit {
        if let raw { sluice_pcre2_scratch_free(raw) }
    }

    var pointer: OpaquePointer {
        if let raw { return raw }
        guard let created = sluice_pcre2_scratch_create(jitStack) else { fatalError("out of memory for regular-expression match data") }
        raw = created
        return created
    }
}
