import ArgumentParser

/// `sluice`: the command-line entry point.
@main
struct SluiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Ship JSON log files to Elasticsearch and Loki, redacted, sampled and linked to traces.",
        discussion: """
            Examples:
              sluice validate pipelines/*.yaml
              sluice dry-run -c pipelines/quickstart.yaml --input pipelines/samples/inference.jsonl
              cat app.log | sluice dry-run -c pipeline.yaml --input -
              sluice test -c pipeline.yaml
              sluice run -c pipeline.yaml

            Exit codes: 0 success, 1 runtime failure, 2 invalid configuration, 3 failed rule tests.
            """,
        version: SluiceVersion.current,
        subcommands: [RunCommand.self, DryRunCommand.self, TestCommand.self, ValidateCommand.self, ScanCommand.self, HealthCommand.self, VersionCommand.self]
    )
}
