import SluiceCore

extension MetricsStage {
    /// The stage's options: a name prefix, defaults for the series cap and idle expiry, and
    /// the metrics (see ``MetricsStage``).
    public struct Options: StageOptions {
        public static let typeName = "metrics"
        public var prefix = ""
        public var maxIdle: Double? = 3600
        public var metrics: [LogMetric] = []

        public init() {}

        public init?(from map: ConfigMapping) {
            if let p = map["prefix"]?.string() {
                if !p.isEmpty && !PrometheusText.isValidMetricName(p) {
                    map["prefix"]?.error("\"\(p)\" cannot start a metric name: use letters, digits, _ and :, not starting with a digit")
                } else {
                    prefix = p
                }
            }
            let maxSeries = map["max_series"]?.int(in: 1...100_000) ?? 1000
            if let idle = map["max_idle"] {
                if idle.string().map({ ["0", "off", "false", "never"].contains($0) }) == true {
                    maxIdle = nil
                } else if let seconds = idle.duration(in: 1...(86_400 * 365)) {
                    maxIdle = seconds
                }
            }
            if let node = map.required("metrics"), let items = node.list() {
                if items.isEmpty { node.error("declare at least one metric") }
                var names = Set<String>()
                for item in items {
                    guard let m = item.mapping(), let metric = Self.readMetric(m, prefix: prefix, maxSeries: maxSeries) else { continue }
                    if !names.insert(metric.name).inserted {
                        item.error("a second metric named \(metric.name)")
                        continue
                    }
                    metrics.append(metric)
                }
            }
            map.finish()
            guard map.isValid else { return nil }
        }

        static func readMetric(_ m: ConfigMapping, prefix: String, maxSeries: Int) -> LogMetric? {
            let name = m.required("name")?.nonEmptyString()
            if let name, !PrometheusText.isValidMetricName(prefix + name) || (prefix + name).hasPrefix("sluice_") {
                m["name"]?.error("\"\(prefix + name)\" is not a metric name of your own: letters, digits, _ and :, and not sluice_…")
            }
            let kind = m.required("type")?.oneOf(LogMetric.Kind.allCases.map(\.rawValue)).flatMap(LogMetric.Kind.init(rawValue:))
            let help = m["help"]?.nonEmptyString()
            var labels: [(String, LogMetric.LabelValue)] = []
            if let labelMap = m["labels"]?.mapping() {
                for (label, value) in labelMap.entries {
                    _ = labelMap[label]
                    guard PrometheusText.isValidLabelName(label), !label.hasPrefix("__"), label != "le" else {
                        value.error("\"\(label)\" is not a label name: letters, digits and _, not starting with __, not le")
                        continue
                    }
                    guard let text = value.string() else { continue }
                    switch FieldReference(text) {
                    case .field(let path): labels.append((label, .field(path)))
                    case .text(let fixed): labels.append((label, .fixed(fixed)))
                    case nil: value.error("a label value is either text or one field reference such as %{[step]}")
                    }
                }
                labelMap.finish()
            }
            labels.sort { $0.0 < $1.0 }
            let value = (m["value"] ?? m["add"])?.fieldPath()
            let scale = m["scale"]?.double() ?? 1
            var action = LogMetric.GaugeAction.set
            if let a = m["action"]?.oneOf(LogMetric.GaugeAction.allCases.map(\.rawValue)).flatMap(LogMetric.GaugeAction.init(rawValue:)) {
                action = a
            }
            var buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
            if let node = m["buckets"], let list = node.list() {
                let read = list.compactMap { $0.double() }
                if read.count == list.count {
                    if read.isEmpty || zip(read, read.dropFirst()).contains(where: { $0 >= $1 }) {
                        node.error("buckets must be increasing numbers, e.g. [0.1, 0.5, 1, 5]")
                    } else {
                        buckets = read
                    }
                }
            }
            let condition = m["when"].flatMap(Condition.read)
            let cap = m["max_series"]?.int(in: 1...100_000) ?? maxSeries
            if let kind {
                if kind == .histogram && m["value"] == nil { m.node.error("a histogram needs value: the field it observes") }
                if kind == .gauge && action == .set && m["value"] == nil { m.node.error("a gauge that sets needs value: the field it reads (or action: inc / dec)") }
                if kind != .histogram && m["buckets"] != nil { m["buckets"]?.error("only histograms have buckets") }
                if kind != .gauge && m["action"] != nil { m["action"]?.error("only gauges have an action") }
                if kind == .counter, let name, !name.hasSuffix("_total") {
                    m["name"]?.warning("counter names end in _total by convention")
                }
            }
            m.finish()
            guard m.isValid, let name, let kind else { return nil }
            return LogMetric(
                name: prefix + name, kind: kind, help: help ?? "\(kind.rawValue) from the pipeline's events (metrics stage).",
                labels: labels, value: value, scale: scale, gaugeAction: action, buckets: buckets, condition: condition, maxSeries: cap)
        }

        public func makeStage(context: StageContext) -> any Stage {
            MetricsStage(options: self, context: context)
        }
    }
}
