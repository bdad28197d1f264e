import ArgumentParser
import SluiceCore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipeline files without running them.",
        discussion: """
            Reports every problem at once with its key path and line, e.g.
              error: stages[2].detecors: unknown key (pipeline.yaml:14:5); did you mean "detectors"?
            Exits 2 when any file is invalid.

            Examples:
              sluice validate pipelines/*.yaml
              sluice validate -c pipeline.yaml
            """)

    @Option(name: [.customShort("c"), .long], help: ArgumentHelp("A pipeline file (repeatable).", valueName: "file"))
    var config: [String] = []

    @Argument(help: ArgumentHelp("Pipeline files.", valueName: "file"))
    var files: [String] = []

    func validate() throws {
        if config.isEmpty && files.isEmpty { throw ValidationError("name at least one pipeline file") }
    }

    func run() throws {
        var failed = false
        for path in config + files {
            do {
                let pipeline = try ConfigOption.load(path: path)
                print("ok: \(path) (\(pipeline.sources.count) source\(pipeline.sources.count == 1 ? "" : "s"), \(pipeline.stages.count) stage\(pipeline.stages.count == 1 ? "" : "s"), \(pipeline.outputs.count) output\(pipeline.outputs.count == 1 ? "" : "s"), \(pipeline.tests.count) test\(pipeline.tests.count == 1 ? "" : "s"))")
            } catch {
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }
}
