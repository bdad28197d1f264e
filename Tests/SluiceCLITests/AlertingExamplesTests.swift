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

    /// deploy/grafana/sluice-dashboard.json imports into Grafana 10/11: a Prometheus data
    /// source input, unique panel ids, panels that do not overlap, every query on that data
    /// source and filtered by the dashboard's variables.
    @Test func grafanaDashboardIsWellFormed() throws {
        let path = "\(Self.repository)/deploy/grafana/sluice-dashboard.json"
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(dashboard["uid"] as? String == "sluice-overview")
        #expect(dashboard["schemaVersion"] as? Int == 39)
        let inputs = try #require(dashboard["__inputs"] as? [[String: Any]])
        #expect(inputs.contains {
            $0["name"] as? String == "DS_PROMETHEUS" && $0["type"] as? String == "datasource" && $0["pluginId"] as? String == "prometheus"
        }, "\(inputs)")
        let variables = ((dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(variables == ["job", "instance"])

        func isPrometheus(_ datasource: Any?) -> Bool {
            guard let datasource = datasource as? [String: Any] else { return false }
            return datasource["type"] as? String == "prometheus" && datasource["uid"] as? String == "${DS_PROMETHEUS}"
        }
        var panels: [[String: Any]] = []
        func collect(_ list: [[String: Any]]) {
            for panel in list {
                panels.append(panel)
                collect(panel["panels"] as? [[String: Any]] ?? [])
            }
        }
        collect(try #require(dashboard["panels"] as? [[String: Any]]))
        #expect(panels.count > 20)

        var ids: Set<Int> = []
        var rectangles: [(title: String, x: Int, y: Int, w: Int, h: Int)] = []
        var targets = 0
        for panel in panels {
            let title = panel["title"] as? String ?? "?"
            let id = try #require(panel["id"] as? Int, "\(title): no id")
            #expect(ids.insert(id).inserted, "\(title): id \(id) is used twice")
            #expect(isPrometheus(panel["datasource"]), "\(title): \(String(describing: panel["datasource"]))")
            let grid = try #require(panel["gridPos"] as? [String: Any], "\(title): no gridPos")
            let x = try #require(grid["x"] as? Int), y = try #require(grid["y"] as? Int)
            let w = try #require(grid["w"] as? Int), h = try #require(grid["h"] as? Int)
            #expect(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24, "\(title): \(grid)")
            rectangles.append((title, x, y, w, h))
            guard panel["type"] as? String != "row" else { continue }
            let panelTargets = panel["targets"] as? [[String: Any]] ?? []
            #expect(!panelTargets.isEmpty, "\(title): no targets")
            for target in panelTargets {
                targets += 1
                let expr = target["expr"] as? String ?? ""
                #expect(!expr.trimmingCharacters(in: .whitespaces).isEmpty, "\(title): a target without expr")
                #expect(isPrometheus(target["datasource"]), "\(title): \(expr)")
                #expect(expr.contains(#"job=~"$job", instance=~"$instance""#), "\(title): \(expr) is not filtered by the variables")
            }
        }
        for (i, a) in rectangles.enumerated() {
            for b in rectangles[(i + 1)...] {
                let overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
                #expect(!overlap, "\(a.title) \(a) overlaps \(b.title) \(b)")
            }
        }

        let expressions = try GrafanaDashboard.expressions(atPath: path)
        #expect(expressions.count >= targets)
        for (title, expr) in expressions {
            #expect(!expr.contains("$"), "\(title): \(expr)")
        }
    }
}
