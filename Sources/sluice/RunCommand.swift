import ArgumentParser
import Logging
import SluiceCore
import SluiceRuntime

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline.",
        discussion: """
            In this version `run` reads the files the sources select once, from the start, ships \
            them through the stages to the outputs, and exits; following files as they grow \
            (inotify, rotation, checkpoints) comes with the tailer. Lines that stages set aside \
            go to <data_dir>/dead_letter.ndjson.

            Example:
              sluice run -c pipelines/quickstart.yaml
            """)

    @OptionGroup var options: ConfigOption

    func run() throws {
        let config = try options.load()
        AgentLog.bootstrap(level: options.logLevel)
        let logger = Logger(label: "sluice")
        do {
            let summary = try OneShotRun(config: config, logger: logger).execute()
            logger.info("finished", metadata: [
                "files": "\(summary.files)", "lines": "\(summary.lines)", "delivered": "\(summary.delivered)",
                "dropped": "\(summary.dropped)", "dead_lettered": "\(summary.deadLettered)",
            ])
        } catch {
            logger.error("pipeline failed", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
    }
}
