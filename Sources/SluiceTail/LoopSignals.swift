import SluiceCore
import Synchronization

/// What other threads ask of the tailer's loop, and what they learn from it: the only part of
/// the tailer shared across threads, all atomics (set from any thread, read by the loop, or
/// the other way round; the sources replacing the current ones under a mutex). Everything else the tailer holds is touched by its thread only.
final class LoopSignals: Sendable {
    /// ``Tailer/stop()`` was called: the loop ends at its next check.
    let stop = StopFlag()
    /// Every file was read to its end at the last look (``Tailer/isCaughtUp``).
    let caughtUp = Atomic<Bool>(false)
    /// Passes of the loop completed so far (``Tailer/passesCompleted``).
    let passes = Atomic<Int>(0)
    /// ``Tailer/look(rescan:)`` asked for a scan of the globs.
    let rescanAsked = Atomic<Bool>(false)
    /// The loop does not sleep until `passes` reaches this (``Tailer/look(rescan:)``).
    let lookUntilPass = Atomic<Int>(0)

    /// Whether a look asked for is still to be made (`passes` has not reached `lookUntilPass`).
    var isLookAsked: Bool { passes.load(ordering: .relaxed) < lookUntilPass.load(ordering: .acquiring) }

    /// Whether the loop is asked for something a pause must not delay: a stop, the end of
    /// input (`--once`) or a look.
    var isWanted: Bool { stop.isSet || endOfInput.load(ordering: .acquiring) || isLookAsked }
    /// ``Tailer/endOfInput()`` was called: held partial lines are shipped at the next pass.
    let endOfInput = Atomic<Bool>(false)
    /// A file held a last line without its newline at the last look.
    let partialLines = Atomic<Bool>(false)
    /// Sources given to ``Tailer/replaceSources(_:)``, applied at the loop's next pass.
    let replacementSources = Mutex<[FileSourceConfig]?>(nil)
    /// The last progress the loop published (``Tailer/progress``).
    let progress = Mutex(TailerProgress())
}
