import ArgumentParser
import Glibc
import SluiceCore
import SluiceRuntime

struct DryRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dry-run",
        abstract: "Run a pipeline over sample lines with no network and no state written.",
        discussion: """
            Prints each event as each output would send it, prefixed with the output's name, and \
            set-aside lines as [dead_letter] records. A summary with per-stage counts goes to \
            standard error. Without --input, the sources' files are read from the start (no \
            checkpoint is read or written).

            Examples:
              sluice dry-run -c pipelines/quickstart.yaml
              sluice dry-run -c pipeline.yaml --input sample.jsonl --only es
              tail -n 100 /app/logs/app.json | sluice dry-run -c pipeline.yaml --input -
              sluice dry-run -c pipeline.yaml --input sample.jsonl --explain   # local debugging only
            """)

    @OptionGroup var options: ConfigOption

    @Option(name: .long, help: ArgumentHelp("A file of sample lines, or - for standard input.", valueName: "file"))
    var input: String?

    @Option(name: .long, help: ArgumentHelp("Show only this output's rendering, without prefixes.", valueName: "output"))
    var only: String?

    @Flag(name: .long, help: ArgumentHelp(
        "Also show each redacted event before and after, marking every redaction with its rule.",
        discussion: "The 'before' view shows ORIGINAL values, personal data included: use it for local debugging only and never share, paste or store its output. Without --explain the output is fully redacted."))
    var explain = false

    func run() throws {
        let config = try options.load()
        if let only, !config.outputs.contains(where: { $0.name == only }) {
            printError("error: --only \(only): no such output (outputs: \(config.outputs.map(\.name).joined(separator: ", ")))")
            throw ExitCode(2)
        }
        let source: DryRun.Input = switch input {
        case nil: .sources
        case "-": .standardInput
        case let path?: .file(path)
        }
        do {
            var dryRun = DryRun(config: config, input: source, onlyOutput: only)
            if explain {
                dryRun.explain = DryRunExplain(style: isatty(STDOUT_FILENO) != 0 ? .color : .plain)
                printError("warning: --explain shows original values (personal data included); for local debugging only, do not share its output")
            }
            let (summary, chain) = try dryRun.execute { bytes in
                StandardStreams.write(bytes, to: 1)
            }
            printError("dry-run: \(summary.files) file\(summary.files == 1 ? "" : "s"), \(summary.lines) lines read, \(summary.delivered) events out, \(summary.dropped) dropped, \(summary.deadLettered) dead-lettered")
            for line in chain.counterReport() { printError("  \(line)") }
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
