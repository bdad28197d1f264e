import Logging
import SluiceCore
import SluiceTail

/// `sluice run` until the tailer lands: reads every file the sources select once, from the
/// start, through the stages to every output, then flushes and returns.
public struct OneShotRun {
    public let config: PipelineConfig
    let logger: Logger

    public init(config: PipelineConfig, logger: Logger) {
        self.config = config
        self.logger = logger
    }

    /// Runs the pipeline over the current files.
    public func execute() throws -> RunSummary {
        let chain = StageChain(config.stages)
        let outputs = try config.outputs.map { try $0.options.makeOutput(name: $0.name) }
        let files = SourceFiles()
        let deadLetters = DeadLetterWriter(dataDir: config.dataDir, files: files)
        defer { deadLetters.close() }
        var summary = RunSummary()
        for (source, path) in InputFiles.list(config.sources) {
            let id = files.register(path)
            let reader = FileBatchReader(maxLineBytes: source.maxLineBytes)
            do {
                summary.lines += try reader.readWhole(path: path, fileID: id) { batch in
                    chain.process(&batch)
                    for output in outputs { try output.write(batch.events) }
                    try deadLetters.write(batch.deadLetters)
                    summary.delivered += batch.events.count
                    summary.dropped += batch.droppedCount
                    summary.deadLettered += batch.deadLetters.count
                }
                summary.files += 1
            } catch let error as SystemError where error.path == path {
                logger.warning("skipping a file that cannot be read", metadata: ["file": "\(path)", "error": "\(error)"])
            }
        }
        // What a holding stage (sample's whole-trace buffer) still holds is settled now.
        let rest = chain.finish()
        for output in outputs { try output.write(rest.events) }
        try deadLetters.write(rest.deadLetters)
        summary.delivered += rest.events.count
        summary.dropped += rest.droppedCount
        summary.deadLettered += rest.deadLetters.count
        for output in outputs { try output.close() }
        if summary.files == 0 {
            logger.warning("no file matches the sources' include patterns", metadata: [
                "patterns": "\(config.sources.flatMap(\.include).joined(separator: ", "))",
            ])
        }
        for line in chain.counterReport() { logger.debug("\(line)") }
        return summary
    }
}
