import Foundation
import SluiceTestSupport
import Testing

/// The shipped alerting examples are valid for the real tools (Debian's prometheus and
/// prometheus-alertmanager), and the alert rules fire for exactly what their unit tests say.
@Suite struct AlertingExamplesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    func run(_ command: String) throws -> String {
        try ExternalCommand.run(["sh", "-c", "cd \(Self.repository) && \(command) 2>&1; echo \"exit $?\""])
    }

    @Test func alertRulesAreValidAndTheirUnitTestsPass() throws {
        let check = try run("promtool check rules deploy/prometheus/sluice-alerts.yml")
        #expect(check.contains("SUCCESS: 8 rules found") && check.hasSuffix("exit 0\n"), "\(check)")
        let tests = try run("promtool test rules deploy/prometheus/sluice-alerts.test.yml")
        #expect(tests.hasSuffix("exit 0\n"), "\(tests)")
    }

    @Test func alertmanagerConfigIsValid() throws {
        let check = try run("amtool check-config deploy/alertmanager/alertmanager.yml")
        #expect(check.contains("SUCCESS") && check.hasSuffix("exit 0\n"), "\(check)")
    }

    @Test func theAlertingPipelineIsValidAndItsRuleTestsPass() throws {
        let validate = try BinaryRunner.run(["validate", "\(Self.repository)/pipelines/ai-workflow-alerting.yaml"])
        #expect(validate.status == 0, "\(validate.stderr)")
        let tests = try BinaryRunner.run(["test", "-c", "\(Self.repository)/pipelines/ai-workflow-alerting.yaml"])
        #expect(tests.status == 0, "\(tests.stdout)\(tests.stderr)")
    }
}
