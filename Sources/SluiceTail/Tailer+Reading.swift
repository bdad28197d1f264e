import Glibc
import SluiceCore

/// Reading: the files a pass looks at brought up to date (rotations, truncations, deletions
/// reconciled with fstat/stat), read in chunks within a per-file budget, and the directories
/// minded between chunks.
extension Tailer {
    /// Brings `files` up to date: reads what they gained, reconciles rotations and
    /// truncations. `everyFile`: the pass looks at every followed file (see ``loop()``).
    func readAll(_ files: [TailedFile], everyFile: Bool) {
        // Over the files as they are now: reading may open new files (read at the next pass)
        // or close idle ones for their descriptors.
        for file in files where !isStopping {
            settings.lookedAt?(file.path)
            if !reconcile(file, everyFile: everyFile) { registry.remove(file) }
        }
        if registry.files.count != filesFollowedPublished {
            filesFollowedPublished = registry.files.count
            metrics.filesFollowed.record(filesFollowedPublished)
        }
    }

    /// Brings one file up to date. Returns false when the file is finished (closed).
    /// `everyFile`: a pass that looks at every file; otherwise an active file is looked at
    /// because directory events said it was written, and whether its name still names it
    /// and whether it was deleted are left to the pass that a rename or deletion event (or the
    /// fallback interval) brings.
    func reconcile(_ file: TailedFile, everyFile: Bool = true) -> Bool {
        guard file.isOpen else { return false }
        let now = settings.clock.now()
        if !everyFile && writesPolled && probes(file, now: now) { return probe(file, now: now) }
        guard let (size, modified, deleted) = file.statusAndLinks() else {
            abandon(file, reason: "fstat failed")
            return false
        }
        let generation = file.id
        // Grown, or written to although no longer than what was read: still the same bytes?
        let written = size > file.readOffset || (size > 0 && modified != file.lastModified && !file.grewUnseen)
        file.lastModified = modified
        file.grewUnseen = false
        // A read follows: it checks the bytes before the read offset and the file's first
        // bytes itself (``TailedFile/readChunk(chunkSize:size:scratch:readTime:counters:)``).
        let reads = size > file.readOffset && now >= file.retryAt && file.copyOf == nil
        if size < file.readOffset || size < file.lastSize || (written && !reads && !copies.contentStillMatches(file)) {
            handleTruncation(file, size: size)
            // The new generation's size, as far as it was seen (whether it is read to its end).
            if let now = file.size() { file.lastSize = max(file.lastSize, now) }
            return true
        }
        // The largest size seen, from now on (while reading is held back by a full queue,
        // a truncation is told against it).
        file.lastSize = size
        let thorough = everyFile || file.state != .active || file.deletedSince != nil
        if thorough, case .active = file.state, !file.pathStillNamesIt() {
            file.state = .rotated(since: now)
            metrics.rotations.increment()
            // The name may hold a new file already, in a directory no snapshot covers (a
            // symlink's target rotated): the next pass scans for it.
            watcher.requestRescan()
        }
        if thorough, abandonIfDeletedTooLong(file, now: now, deleted: deleted) { return false }
        if file.copyOf != nil, size > file.emittedUpTo {
            // A copy still being written: its lines are the original's; keep it at its end.
            copyWasDrained(file, to: FileBytes.lastLineBoundary(file.fd, size: size, path: file.path))
        }
        let readFrom = file.readOffset
        if reads {
            filesReadInPass += 1
            file.lastActivity = now
            readAvailable(file, size: size)
            // Abandoned meanwhile (deleted, and the outputs stalled past rotate_wait).
            guard file.isOpen else { return false }
        }
        if file.fingerprintGrowing { growFingerprint(file) }
        // A pass over every file takes the size once more when it read (grown while read); one
        // that looks at a written file leaves that to the write's event, unless a new
        // generation began meanwhile (truncated while read: `size` was the old one's).
        if file.id != generation || (everyFile && file.readOffset != readFrom) {
            file.lastSize = max(file.lastSize, file.size() ?? size)
        } else {
            file.lastSize = max(file.lastSize, size, file.readOffset)
        }
        return settle(file, now: now)
    }

    /// Whether a pass over polled writes that does not look at every file reads `file`
    /// without its `fstat` first (``probe(_:now:)``): an active generation, keyed and
    /// fingerprinted, read to the largest size seen, not waiting to retry a read, and not
    /// marked to be looked at (``CopyDetector/isCopyOfAnUnhandledTruncation(_:)``). (Only while
    /// writes are polled: no file then waits for a descriptor, and a pass that looks at every
    /// file, every `max(poll_interval, 4 windows)`, takes each file's modification time again,
    /// which ``isIdle(_:)`` compares.)
    func probes(_ file: TailedFile, now: Double) -> Bool {
        file.state == .active && file.deletedSince == nil && file.copyOf == nil && file.keyFixed && !file.fingerprintGrowing
            && now >= file.retryAt && file.readOffset > 0 && file.readOffset >= file.lastSize && !file.lastBytes.isEmpty
            && file.lastModified != .min
    }

    /// Reads what `file` gained without asking its size first: the read itself, one `preadv`
    /// into ``readScratch``, says whether it grew (bytes come back), and whether it was
    /// truncated (the bytes before the read offset gone or changed: read as a truncation), as
    /// its size would; the file's first bytes are checked after it as after any read. Only a
    /// read that fills the buffer asks the size, for the reads after it. 500 files written
    /// slowly, polled once a second: one system call a file a pass fewer (perf: `fstat` was
    /// an eighth of the tailer's samples). Whether the file was renamed or deleted is left to
    /// the passes that look at every file, as it is for a file read because its event named it;
    /// so is its modification time, which the growth read here changed (``TailedFile/grewUnseen``:
    /// that look takes it without reading the file again to compare).
    /// Returns false when the file is finished (closed).
    func probe(_ file: TailedFile, now: Double) -> Bool {
        let generation = file.id
        let readFrom = file.readOffset
        readAvailable(file, probing: true)
        guard file.isOpen else { return false }
        if file.id != generation {
            // Truncated: the new generation's size, as far as it was seen.
            file.lastSize = max(file.lastSize, file.size() ?? 0)
        } else if file.readOffset != readFrom {
            file.lastSize = max(file.lastSize, file.readOffset)
        }
        if file.readOffset != readFrom || file.id != generation {
            filesReadInPass += 1
            file.lastActivity = now
            file.grewUnseen = true
        }
        return settle(file, now: now)
    }

    /// After a look at `file`: a held last line or group, quiet long enough, handed on; a
    /// rotated file, drained and quiet for `rotate_wait`, finished. Returns false when the
    /// file is finished (closed).
    func settle(_ file: TailedFile, now: Double) -> Bool {
        let quiet = now - file.lastActivity
        // A last line without its newline, quiet for `partial_line_timeout` (or at the end of
        // input with `--once`): shipped as it is, whether the file was rotated or stays in
        // place. Bytes the writer adds later start a line of their own: none is lost or sent
        // twice.
        // The same for a multiline source's last group, after its `timeout` (a rotated file,
        // which will not grow after `rotate_wait`, at the latest then).
        var flushAfter = file.pendingTimeout
        if case .rotated = file.state { flushAfter = min(flushAfter, file.source.rotateWait) }
        if file.hasPending, file.copyOf == nil, quiet >= flushAfter || flushPartialLinesNow {
            if file.splitter.pendingBytes > 0 { metrics.partialLinesFlushed.increment() }
            emit(file, file.flushPartial(readTime: FileIO.nowNanoseconds()))
        }
        if case .rotated = file.state {
            if quiet >= file.source.rotateWait && !file.hasPending {
                return !finish(file)
            }
        }
        return true
    }

    /// Reads what is there, in chunks, handing each chunk's lines to the queue.
    /// `size`: the file's size from `fstat` before reading (reads ask for no more).
    /// `probing`: the size is not known (``probe(_:now:)``); a first read that fills the
    /// scratch buffer takes it for the reads after it.
    func readAvailable(_ file: TailedFile, size: UInt64? = nil, probing: Bool = false) {
        var budget = settings.readBudgetPerFile
        var size = size
        var probing = probing && size == nil
        while budget > 0 && !isStopping && file.isOpen {
            let read: TailedFile.Read
            do {
                read = try file.readChunk(
                    chunkSize: settings.chunkSize, size: size, scratch: probing ? readScratch.buffer : nil, readTime: FileIO.nowNanoseconds(),
                    counters: metrics.sources.of(file.source.name).lines)
            } catch {
                metrics.readErrors.increment()
                file.readFailures += 1
                let delay = min(30.0, 0.5 * Double(1 << min(file.readFailures, 6)))
                file.retryAt = settings.clock.now() + delay
                if file.readFailures <= 3 || file.readFailures % 20 == 0 {
                    logger.error("cannot read a file; retrying", metadata: ["file": "\(file.path)", "error": "\(error)", "retry_in_seconds": "\(delay)"])
                }
                return
            }
            file.readFailures = 0
            let chunk: ReadLines
            switch read {
            case .lines(let lines): chunk = lines
            case .endOfFile: return
            case .rewritten:
                handleTruncation(file, size: file.size() ?? 0)
                return
            }
            budget -= settings.chunkSize
            // The generation's first lines: its fingerprint covers them before they go (the
            // checkpoint written then finds its copy after a crash; see ``emit(_:_:)``). Only
            // from the file's own bytes, still in place (not a copy's, not a refill's).
            if !file.keyFixed, file.fingerprintGrowing, let size = file.size(), size >= file.readOffset, copies.contentStillMatches(file) {
                _ = extendFingerprint(file, size: size)
            }
            // A short read reached the end: no second read to be told so.
            let reachedEnd = chunk.reachedEnd
            metrics.bytesRead.add(Int(chunk.end - chunk.start))
            metrics.sources.of(file.source.name).bytes.add(Int(chunk.end - chunk.start))
            // A probe that filled the scratch buffer: the size for the reads after it (and
            // the largest seen, should the queue hold the next read back).
            if probing && !reachedEnd {
                probing = false
                size = file.size()
                if let size { file.lastSize = max(file.lastSize, size) }
            }
            // Held back by a full queue, the file may have been truncated (copytruncate) and
            // refilled meanwhile: the next read at the old offset would take the new
            // generation's bytes for the old one's. Back to `reconcile`, which checks first.
            if emit(file, chunk) || reachedEnd { return }
        }
    }

    /// Between chunks and while the queue is full: react to the directories without reading,
    /// so a file created and rotated meanwhile is opened at once (its identity taken while
    /// its content is there) and a truncation is noticed against the largest size seen.
    /// `heldBack`: the file whose batch waits for room in the queue, looked at whatever the
    /// events say (its fingerprint grows while its prefix holds, as it would between reads).
    func pumpEvents(waitMilliseconds: Int32, heldBack: TailedFile? = nil) {
        var overflowed = false
        let events = watcher.wait(timeoutMilliseconds: waitMilliseconds, overflowed: &overflowed)
        watcher.noteEarlyOpenerWakeups()
        if events.isEmpty && !watcher.isRescanRequested && heldBack?.fingerprintGrowing != true { return }
        if overflowed { metrics.inotifyOverflows.increment() }
        var named = noteDirectoryEvents(events)
        if watcher.takeRescanRequest() {
            scan(startAtOverride: .beginning)
        }
        if let heldBack, !named.contains(where: { $0 === heldBack }) { named.append(heldBack) }
        // The files these events named (all of them when the events may have been lost).
        for file in overflowed ? registry.files : named where file.isOpen {
            guard let size = file.size() else { continue }
            file.lastSize = max(file.lastSize, size)
            if file.fingerprintGrowing, size > UInt64(file.identity.fingerprintLength),
                (try? file.identity.fingerprintMatches(file.fd, path: file.path)) == true,
                let (length, hash) = try? FileIdentity.fingerprint(file.fd, size: size, cap: settings.fingerprintBytes, path: file.path)
            {
                file.identity.fingerprintLength = length
                file.identity.fingerprint = hash
                file.fingerprintGrowing = length < settings.fingerprintBytes
            }
        }
    }
}
