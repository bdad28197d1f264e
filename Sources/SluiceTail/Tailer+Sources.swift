import SluiceCore

/// Sources replaced while running (hot reload): new globs and per-source settings, applied by
/// the loop itself at the start of a pass.
extension Tailer {
    /// Replaces the sources (from any thread); the tailer's loop applies them at the start of
    /// its next pass (the last ones given win):
    ///
    /// - followed files take the settings of the source that now selects them;
    ///   `max_line_bytes` applies from a file's next generation;
    /// - files no longer selected by any source are treated like files rotated away: read to
    ///   their end, closed after `rotate_wait` of quiet, their checkpoints kept as usual
    ///   (nothing lost, nothing read twice, also when selected again later);
    /// - newly selected files are found by a rescan at once: those there already start as
    ///   their source's `start_at` says, those that appear later from their beginning, as
    ///   files appearing while running do;
    /// - the directories watched are those the new globs need.
    public func replaceSources(_ sources: [FileSourceConfig]) {
        signals.replacementSources.withLock { $0 = sources }
        watcher.interrupt()
    }

    /// Applies the sources given to ``replaceSources(_:)`` since the last pass, if any.
    func applyReplacementSources() {
        guard let replacement = signals.replacementSources.withLock({ $0.take() }) else { return }
        let previous = globs
        select(replacement)
        watcher.select(globs)
        let now = settings.clock.now()
        var dropped = 0
        for file in registry.files where file.isOpen {
            let (source, selected) = reselect(file.path, source: file.source)
            file.source = source
            if !selected, case .active = file.state {
                // Like a file renamed out of the globs: drained, then closed after rotate_wait.
                file.state = .rotated(since: now)
                dropped += 1
                logger.info("a file no longer selected by any source; reading it to its end, then closing it", metadata: ["file": "\(file.path)"])
            }
        }
        descriptors.reselect { path, source, rotated in
            let (replaced, selected) = reselect(path, source: source)
            source = replaced
            if !selected { rotated = true }
        }
        logger.info("sources replaced", metadata: ["sources": "\(sources.map(\.name))", "files_dropped": "\(dropped)"])
        scan(startAtOverride: .beginning, selectedBefore: previous)
    }

    /// The source of a file at `path` now: the one that selects it (`selected`), else the one
    /// with its source's name, else its source as it was.
    private func reselect(_ path: String, source: FileSourceConfig) -> (source: FileSourceConfig, selected: Bool) {
        if let selecting = globs.source(for: path) { return (selecting, true) }
        return (sources.first { $0.name == source.name } ?? source, false)
    }
}
