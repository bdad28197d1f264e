import ArgumentParser
import Logging
import SluiceCore
import SluiceRuntime

/// `-c FILE`, shared by the commands that read one pipeline.
struct ConfigOption: ParsableArguments {
    @Option(name: [.customShort("c"), .long], help: ArgumentHelp("The pipeline file (YAML).", valueName: "file"))
    var config: String

    @Option(name: .long, help: "The agent's own log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    /// Loads and validates the pipeline, printing every problem; exits 2 when invalid.
    func load() throws -> PipelineConfig {
        try ConfigOption.load(path: config)
    }

    static func load(path: String) throws -> PipelineConfig {
        switch Pipelines.loader(environment: ProcessEnvironment.current()).load(path: path) {
        case .success(let config):
            for warning in config.warnings { printError("warning: \(warning)") }
            return config
        case .failure(let failure):
            for warning in failure.warnings { printError("warning: \(warning)") }
            for error in failure.errors { printError("error: \(error)") }
            printError("\(path): \(failure.errors.count) error\(failure.errors.count == 1 ? "" : "s")")
            throw ExitCode(2)
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
