import Foundation

/// The PromQL of a Grafana dashboard (`deploy/grafana/sluice-dashboard.json`), ready to be sent
/// to a real Prometheus: Grafana's variables are replaced by values Prometheus accepts.
public enum GrafanaDashboard {
    /// What cannot be read as a dashboard.
    public struct NotADashboard: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "\(path) is not a Grafana dashboard (a JSON object with panels)" }
    }

    /// What each variable becomes: the range and interval macros a duration, the dashboard's
    /// own variables (`job`, `instance`) a regular expression that matches every value.
    public static let substitutions: [String: String] = [
        "__rate_interval": "1m", "__interval": "1m", "__interval_ms": "60000",
        "__range": "1h", "__range_s": "3600", "__range_ms": "3600000",
        "job": ".*", "instance": ".*",
    ]

    /// Every target's `expr`, of every panel (those nested in rows too) and of the
    /// annotations, in the file's order, with the variables substituted. `title` is the
    /// panel's title (`annotation: <name>` for an annotation).
    public static func expressions(atPath path: String) throws -> [(title: String, expr: String)] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let dashboard = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let panels = dashboard["panels"] as? [[String: Any]]
        else { throw NotADashboard(path: path) }
        var found: [(title: String, expr: String)] = []
        func visit(_ panels: [[String: Any]]) {
            for panel in panels {
                let title = panel["title"] as? String ?? ""
                for target in panel["targets"] as? [[String: Any]] ?? [] {
                    if let expr = target["expr"] as? String { found.append((title, substitute(expr))) }
                }
                visit(panel["panels"] as? [[String: Any]] ?? [])
            }
        }
        visit(panels)
        let annotations = (dashboard["annotations"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
        for annotation in annotations {
            if let expr = annotation["expr"] as? String {
                found.append(("annotation: \(annotation["name"] as? String ?? "")", substitute(expr)))
            }
        }
        return found
    }

    /// `expr` with `$name`, `${name}`, `${name:format}` and `[[name]]` replaced from
    /// ``substitutions``; unknown variables are left as they are.
    public static func substitute(_ expr: String) -> String {
        let chars = Array(expr)
        var out = ""
        var i = 0
        func isNameCharacter(_ c: Character) -> Bool { c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) }
        while i < chars.count {
            if chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "{", let close = chars[(i + 2)...].firstIndex(of: "}") {
                let inside = String(chars[(i + 2)..<close])
                let name = String(inside.prefix { $0 != ":" })
                out += substitutions[name] ?? String(chars[i...close])
                i = close + 1
            } else if chars[i] == "$", i + 1 < chars.count, isNameCharacter(chars[i + 1]) {
                var end = i + 1
                while end < chars.count, isNameCharacter(chars[end]) { end += 1 }
                let name = String(chars[(i + 1)..<end])
                out += substitutions[name] ?? String(chars[i..<end])
                i = end
            } else if chars[i] == "[", i + 1 < chars.count, chars[i + 1] == "[",
                let close = (i + 2..<chars.count).first(where: { chars[$0] == "]" && $0 + 1 < chars.count && chars[$0 + 1] == "]" }),
                let value = substitutions[String(chars[(i + 2)..<close])]
            {
                out += value
                i = close + 2
            } else {
                out.append(chars[i])
                i += 1
            }
        }
        return out
    }
}
