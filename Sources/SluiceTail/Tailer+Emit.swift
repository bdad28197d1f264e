import SluiceCore

/// Handing lines on: each chunk read gets its acknowledgement and its generation's key, and is
/// gathered with the others of the pass into a batch, put on the queue (the backpressure)
/// once a chunk's worth is gathered or the pass ends, while the directories are watched.
extension Tailer {
    /// Gathers one chunk's lines; hands what was gathered on when it reaches a chunk's size
    /// (blocking while the queue is full: backpressure). Returns whether it had to wait: the
    /// file may have changed meanwhile, and is to be reconciled again before reading on.
    @discardableResult
    func emit(_ file: TailedFile, _ chunk: consuming ReadLines?) -> Bool {
        guard var chunk, !chunk.isEmpty else { return false }
        if !file.keyFixed, let first = chunk.firstLine {
            fixKey(of: file, chunk: chunk, firstLine: first)
            // A generation's first lines go once its checkpoint holds its key and a fingerprint
            // over them (``handOnGathered()`` writes it first; ``readAvailable(_:size:)``
            // extends the fingerprint). A file empty when it was last checkpointed (no
            // fingerprint, no key), its lines acknowledged, copytruncated, then a crash before
            // the next periodic write: the restart knew nothing to find the copy by, and read
            // it as a file of its own, every line under another id.
            checkpointer.generationKeyed()
        }
        // Every event carries its generation's key: outputs name lines by it (ids).
        let key = file.identity.key
        let source = file.source.sourceID
        chunk.lines?.fileKey = key
        chunk.lines?.source = source
        // Events made with the key already (an assembling source's, once the key is fixed)
        // are left alone: writing to them would copy the whole array.
        if chunk.events.contains(where: { $0.origin.fileKey != key || $0.origin.source != source }) {
            for index in chunk.events.indices {
                chunk.events[index].origin.fileKey = key
                chunk.events[index].origin.source = source
            }
        }
        // Lines already cut are counted here; a block's lines when they are cut.
        if chunk.linesCounted {
            if chunk.uncountedLines > 0 { metrics.sources.of(file.source.name).lines.add(lines: chunk.uncountedLines, truncated: 0) }
        } else if !chunk.events.isEmpty {
            let truncated = chunk.events.reduce(0) { $0 + ($1.flags.contains(.truncatedLine) ? 1 : 0) }
            metrics.sources.of(file.source.name).lines.add(lines: chunk.events.count, truncated: truncated)
        }
        let ack = Acknowledgement(fileID: file.id, start: chunk.start, end: chunk.end, tracker: tracker)
        gathered.add(chunk.events, lines: chunk.lines, acknowledgement: ack, bytes: Int(chunk.end - chunk.start), from: file)
        // A chunk's worth gathered (a backlog: each chunk is one): handed on now.
        return gathered.bytes >= settings.chunkSize ? handOnGathered() : false
    }

    /// Queues what was gathered as one batch (blocking while the queue is full:
    /// backpressure). Returns whether it had to wait.
    ///
    /// Lines of many files each written a little are handed on together: one batch, one
    /// wake-up of the worker and one submission to each output for the pass, not one per
    /// file (what a batch costs dwarfs a line or two). A file's chunks keep their order.
    @discardableResult
    func handOnGathered() -> Bool {
        guard !gathered.isEmpty else { return false }
        let taken = gathered
        gathered = GatheredLines()
        var batch = Batch(events: taken.events, lines: taken.lines, acknowledgement: Acknowledgement.joining(taken.acknowledgements))
        // The worker is busy (batches wait): cut the lines here instead of waiting for room.
        if queue.pending > 0 { batch.cutLines() }
        // Checkpoints due, or a generation keyed in this batch, are written before its lines go.
        checkpointIfDue()
        // Wait for room in short slices (woken as soon as the worker frees a slot), reacting
        // to the directories in between.
        var waited = false
        while !queue.put(batch, timeout: 0.005) {
            if !waited { heartbeat.waiting() }  // backpressure: waiting, not wedged
            waited = true
            if isStopping { return true }  // not acknowledged: re-read after restart
            pumpEvents(waitMilliseconds: 0, heldBack: taken.lastFile)
            checkpointIfDue()
            // Outputs stalled: deleted files still hold their disk space only up to rotate_wait
            // (looked at every poll_interval: an fstat of every file every 5 ms is not free).
            if Monotonic.now() - lastDeletedCheck >= settings.pollInterval {
                lastDeletedCheck = Monotonic.now()
                let now = settings.clock.now()
                for other in registry.files { _ = abandonIfDeletedTooLong(other, now: now) }
            }
        }
        if waited { heartbeat.working() }
        pumpEvents(waitMilliseconds: 0)
        // A long catch-up never returns to the loop: progress is published from here too, once
        // a second (and checkpoints written, before each put).
        publishProgress(now: settings.clock.now(), every: 1)
        return waited
    }

    /// Names a generation of a file for event ids, at its first emitted line at the latest
    /// (see ``FileIdentity/generationKey(device:inode:firstLine:)``): device, inode and the
    /// generation's first line. A copytruncated file restarts at offset 0 under the same
    /// inode, so a key taken while it was still empty would repeat across generations and give
    /// their lines the same ids (Elasticsearch would answer 409 and the new lines would be
    /// lost); the first line tells generations apart. Reading that begins past the first line
    /// (`start_at: end`) takes it from the file, so the key never depends on where reading
    /// began.
    func fixKey(of file: TailedFile, chunk: ReadLines, firstLine: ArraySlice<UInt8>) {
        let fromFile =
            chunk.start == 0
            ? nil
            : FileIdentity.generationKey(
                of: file.fd, device: file.identity.device, inode: file.identity.inode, maxLineBytes: file.source.maxLineBytes, path: file.path)
        let key = fromFile ?? firstLine.withUnsafeBytes { FileIdentity.generationKey(device: file.identity.device, inode: file.identity.inode, firstLine: $0) }
        file.identity.key = key
        file.keyFixed = true
    }
}

/// Lines read in a pass, not handed on yet (``Tailer/handOnGathered()``): events already cut,
/// then the last chunk's whole lines still to cut; an earlier chunk's are cut as another
/// chunk joins (a batch holds one block of uncut lines).
struct GatheredLines {
    var events: [Event] = []
    var lines: LineBlock?
    var acknowledgements: [Acknowledgement] = []
    var bytes = 0
    /// The file of the last chunk (looked at while the batch waits for room).
    var lastFile: TailedFile?

    var isEmpty: Bool { acknowledgements.isEmpty }

    mutating func add(_ chunkEvents: [Event], lines chunkLines: LineBlock?, acknowledgement: Acknowledgement, bytes count: Int, from file: TailedFile) {
        if acknowledgements.isEmpty {
            events = chunkEvents
        } else {
            if let earlier = lines {
                lines = nil
                earlier.cut(into: &events)
            }
            events.append(contentsOf: chunkEvents)
        }
        lines = chunkLines
        acknowledgements.append(acknowledgement)
        bytes += count
        lastFile = file
    }
}
