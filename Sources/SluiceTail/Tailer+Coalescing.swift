/// Many files written without pause: how long a pass woken by writes waits for more, and
/// whether the kernel reports every write at all.
///
/// What a pass costs grows with the files it reads (a `fstat` and two `pread`s each, their
/// lines handed on as a block each), what it gains is lines. 500 files written 20 lines a
/// second each, read every 250 ms, gave five lines a read; the same lines in one file cost a
/// third as much. Two things bound that cost, whatever the number of files:
///
/// - The wait between passes grows with the files a pass read: `coalesceInterval` up to
///   ``TailerSettings/filesPerCoalescedPass`` files, then in proportion, up to
///   ``TailerSettings/coalesceGrowth`` times it (250 ms to 1 s by default, as Filebeat's
///   harvesters back off to 1 s and Vector looks again at its files every second).
/// - While the writes of a pass's window outnumber the followed files twice over, the
///   directory watches stop reporting writes (one event a write: its allocation, its copy to
///   the agent and its handling, for lines read a window later anyway), and each pass looks at
///   every file's size instead, one `fstat` each. Renames, creations and deletions are still
///   reported. When a pass reads fewer than a quarter of the files (writing slowed or
///   stopped), writes are reported again and the next pass looks at every file at once: a
///   write made before the watches asked again is found by that look.
extension Tailer {
    /// After a pass that saw `writeEvents` write events and read ``filesReadInPass`` files,
    /// `sincePreviousPass` seconds after the previous one began: the wait before the next pass
    /// woken by writes, and whether writes are polled.
    ///
    /// A pass that came sooner than the wait (a file left unread, a look asked for) read only
    /// what was written meanwhile: it may lengthen the wait, never shorten it, nor end the
    /// polling. Else the wait would settle where it began: at 250 ms, 500 files written 20
    /// times a second give passes of about 125 files each, which keep it at 250 ms.
    func adjustReading(writeEvents: Int, sincePreviousPass: Double) {
        let wholeWindow: Bool
        (coalesceWindow, wholeWindow) = Self.coalesceWindow(after: filesReadInPass, sincePreviousPass: sincePreviousPass, was: coalesceWindow, settings)
        guard wholeWindow || !writesPolled else { return }
        let files = registry.files.count
        // Files closed for want of a descriptor are woken by their writes' events.
        let pollable = settings.coalesceInterval > 0 && !descriptors.hasDormantFiles && !descriptors.hasWaitingFiles
        let polls = pollable && Self.pollsWrites(writeEvents: writeEvents, filesRead: filesReadInPass, files: files, polling: writesPolled, settings)
        guard polls != writesPolled else { return }
        watcher.watchWrites(!polls)
        writesPolled = polls
        // A write made before the watches asked again is found by looking at every file.
        if !polls { lookAtEveryFile = true }
        settings.pollingWrites?(polls)
    }

    /// The wait between passes woken by writes after a pass that read `filesRead` files,
    /// `sincePreviousPass` seconds after the previous pass, the wait having been `was`; and
    /// whether the pass came a whole wait after the previous one.
    static func coalesceWindow(after filesRead: Int, sincePreviousPass: Double, was: Double, _ settings: TailerSettings) -> (Double, Bool) {
        let window = coalesceWindow(after: filesRead, settings)
        let whole = sincePreviousPass >= 0.9 * was
        return (whole ? window : max(was, window), whole)
    }

    /// The wait between passes woken by writes after a pass that read `filesRead` files.
    static func coalesceWindow(after filesRead: Int, _ settings: TailerSettings) -> Double {
        let growth = Double(filesRead) / Double(max(1, settings.filesPerCoalescedPass))
        return settings.coalesceInterval * min(settings.coalesceGrowth, max(1, growth))
    }

    /// Whether writes are to be polled after a pass that saw `writeEvents` write events and
    /// read `filesRead` of the `files` followed, `polling` or not until then.
    static func pollsWrites(writeEvents: Int, filesRead: Int, files: Int, polling: Bool, _ settings: TailerSettings) -> Bool {
        guard files > 0 else { return false }
        if polling { return filesRead * 4 >= files }
        return writeEvents >= max(settings.polledWritesFloor, 2 * files)
    }
}
