import ArgumentParser
import SluiceCore
import SluiceRuntime

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Report what the redaction detectors would find in existing logs, and the redact stage they call for.",
        discussion: """
            Runs every detector and the default sensitive keys over the files (JSON lines, as \
            parse_json reads them) and prints, per field path and rule, how many values would \
            be redacted and how many were the rule's match through and through, with examples \
            reduced to their shape (letters x, digits 9): never a value. Then a suggested \
            redact stage: the detectors that found something, fields: actions for paths whose \
            values are personal data through and through, sensitive_keys additions.

            With -c, the files are read as the pipeline's first source reads them (format: cri \
            or docker, multiline:).

            Examples:
              sluice scan /app/logs/app.json
              sluice scan -c pipelines/ai-workflow-node.yaml /var/log/pods/ml_*/*/0.log
              kubectl logs deploy/ai-workflow | sluice scan -
            """)

    @Option(name: [.customShort("c"), .long], help: ArgumentHelp("Read the files as this pipeline's first source does.", valueName: "pipeline.yaml"))
    var config: String?

    @Argument(help: ArgumentHelp("Log files, or - for standard input.", valueName: "file"))
    var files: [String]

    func run() throws {
        var source: FileSourceConfig?
        if let config { source = try ConfigOption.load(path: config).sources.first }
        do {
            let scan = try LogScan(source: source)
            for file in files {
                if file == "-" { try scan.scanStandardInput() } else { try scan.scan(path: file) }
            }
            StandardStreams.write(Array(scan.report().utf8), to: 1)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
