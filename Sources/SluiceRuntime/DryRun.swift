import Glibc
import SluiceCore
import SluiceTail

/// `sluice dry-run`: the pipeline over sample input with no network and no checkpoint or
/// dead-letter writes. Each event is shown as each output would send it.
public struct DryRun {
    /// Where the lines come from.
    public enum Input {
        case file(String)
        case standardInput
        /// The sources' files, read from the start.
        case sources
    }

    public let config: PipelineConfig
    public var input: Input
    /// Show only this output's rendering, without prefixes (pipe-friendly).
    public var onlyOutput: String?
    /// Before/after view of every redaction (`--explain`); shows original values.
    public var explain: DryRunExplain?

    public init(config: PipelineConfig, input: Input, onlyOutput: String? = nil) {
        self.config = config
        self.input = input
        self.onlyOutput = onlyOutput
    }

    /// Runs the pipeline, passing rendered lines to `emit`; returns the counts and the
    /// chain (for its per-stage metrics).
    public func execute(emit: (borrowing [UInt8]) -> Void) throws -> (RunSummary, StageChain) {
        let chain = StageChain(config.stages, redactions: explain?.recorder)
        let files = SourceFiles()
        let outputs = config.outputs.filter { onlyOutput == nil || $0.name == onlyOutput }
        var summary = RunSummary()
        var out: [UInt8] = []
        func show(_ batch: inout Batch, before: [Origin: ArraySlice<UInt8>]) {
            out.removeAll(keepingCapacity: true)
            if let explain {
                explain.render(batch.events + batch.deadLetters.map(\.event), before: before, file: { files.path($0) }, into: &out)
            }
            for event in batch.events {
                for output in outputs {
                    if onlyOutput == nil { out.append(contentsOf: "[\(output.name)] ".utf8) }
                    output.options.preview(event, into: &out)
                    out.append(0x0A)
                }
            }
            if onlyOutput == nil {
                for letter in batch.deadLetters {
                    out.append(contentsOf: "[dead_letter] ".utf8)
                    DeadLetterWriter.encode(letter, file: files.path(letter.event.origin.fileID), now: FileIO.nowNanoseconds(), into: &out)
                }
            }
            emit(out)
            summary.delivered += batch.events.count
            summary.dropped += batch.droppedCount
            summary.deadLettered += batch.deadLetters.count
        }
        let deliver: (inout Batch) throws -> Void = { batch in
            var before: [Origin: ArraySlice<UInt8>] = [:]
            if explain != nil { for event in batch.events { before[event.origin] = event.line } }
            chain.process(&batch)
            show(&batch, before: before)
        }
        let maxLine = config.sources.map(\.maxLineBytes).max() ?? FileSourceConfig.defaultMaxLineBytes
        // An input given by hand is read as the first source reads its files (format,
        // multiline, Kubernetes metadata from the input's path).
        let first = config.sources.first
        switch input {
        case .file(let path):
            summary.lines += try FileBatchReader(maxLineBytes: maxLine, source: first).readWhole(path: path, fileID: files.register(path), deliver: deliver)
            summary.files = 1
        case .standardInput:
            summary.lines += try FileBatchReader(maxLineBytes: maxLine, source: first).readToEnd(fd: 0, name: "<stdin>", fileID: files.register("<stdin>"), deliver: deliver)
            summary.files = 1
        case .sources:
            for (source, path) in SourceGlobs(config.sources).files() {
                summary.lines += try FileBatchReader(maxLineBytes: source.maxLineBytes, source: source).readWhole(path: path, fileID: files.register(path), deliver: deliver)
                summary.files += 1
            }
        }
        var rest = chain.finish()
        show(&rest, before: [:])
        return (summary, chain)
    }
}
