import ArgumentParser
import SluiceRuntime

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the rule tests kept in a pipeline file's tests: section.",
        discussion: """
            Each case feeds its input lines through the stages and checks the fields expected, \
            the strings that must not appear in anything that would leave the process, and \
            expected drops. Exits 3 when a case fails.

            Example:
              sluice test -c pipelines/quickstart.yaml
            """)

    @OptionGroup var options: ConfigOption

    func run() throws {
        let config = try options.load()
        let outcomes = RuleTests(config: config).run()
        for outcome in outcomes {
            print("\(outcome.passed ? "PASS" : "FAIL") \(outcome.name) (\(outcome.location))")
            for failure in outcome.failures { print("    \(failure)") }
        }
        let failed = outcomes.filter { !$0.passed }.count
        print("\(outcomes.count - failed) passed, \(failed) failed")
        if outcomes.isEmpty { print("(the pipeline has no tests: section)") }
        if failed > 0 { throw ExitCode(3) }
    }
}
