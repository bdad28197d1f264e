import Foundation
import SluiceTestSupport
import Testing

/// The redaction example pipeline and `dry-run --explain`, through the real binary.
@Suite struct RedactCLITests {
    static let repository = CLITests.repository
    /// The pipeline's hash test pins the example key, used when SLUICE_HMAC_KEY is empty.
    static let environment = ["SLUICE_HMAC_KEY": ""]
    static let line = #"{"msg":"mail alice@example.com","db":{"password":"hunter2"}}"# + "\n"

    @Test func theRedactionPipelinesTestsPass() throws {
        let result = try BinaryRunner.run(["test", "-c", "pipelines/redaction.yaml"], environment: Self.environment, directory: Self.repository)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.hasSuffix("7 passed, 0 failed\n"), "\(result.stdout)")
    }

    @Test func dryRunWithoutExplainIsFullyRedacted() throws {
        let result = try BinaryRunner.run(["dry-run", "-c", "pipelines/redaction.yaml", "--input", "-"], stdin: Self.line,
            environment: Self.environment, directory: Self.repository)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == #"[console] {"msg":"mail [REDACTED:email]","db":{"password":"[REDACTED:sensitive_key]"}}"# + "\n")
        #expect(!result.stderr.contains("alice"))
        #expect(result.stderr.contains(
            #"stages[1] (redact): sluice_redact_events_redacted_total=1 sluice_redact_redactions_total{rule="email"}=1 sluice_redact_redactions_total{rule="sensitive_key"}=1"#),
            "\(result.stderr)")
    }

    @Test func explainMarksRedactionsPlainlyWhenNotATerminal() throws {
        let result = try BinaryRunner.run(["dry-run", "-c", "pipelines/redaction.yaml", "--input", "-", "--explain"], stdin: Self.line,
            environment: Self.environment, directory: Self.repository)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#"  before: {"msg":"mail <<email:alice@example.com>>","db":{"password":"<<sensitive_key:hunter2>>"}}"#), "\(result.stdout)")
        #expect(result.stdout.contains(#"  after:  {"msg":"mail <<email:[REDACTED:email]>>","db":{"password":"<<sensitive_key:[REDACTED:sensitive_key]>>"}}"#))
        #expect(result.stdout.contains("  - sensitive_key at db.password by stages[1] (redact)\n"))
        #expect(!result.stdout.contains("\u{1B}["))
        #expect(result.stderr.contains("for local debugging only"))
    }

    @Test func explainHelpSaysItIsForLocalDebugging() throws {
        let result = try BinaryRunner.run(["dry-run", "--help"])
        #expect(result.stdout.contains("--explain"))
        #expect(result.stdout.contains("local debugging only"))
    }
}
