import CoreMetrics
import Prometheus
import SluiceCore
import Testing

/// What the runner's Prometheus registry renders for a counter, a gauge and a histogram made
/// through the metrics layer, checked against the text exposition format: every line a
/// `# TYPE` comment or a sample `name{label="value",…} value`, names and label names valid,
/// each family typed before its samples, histogram buckets cumulative up to `+Inf`, which
/// equals `_count`.
@Suite struct PrometheusExpositionTests {
    /// One sample line.
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// Parses exposition text, failing the test on any line that is not well formed.
    static func parse(_ text: String) throws -> (types: [String: String], samples: [Sample]) {
        let typeLine = try Regex(#"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$"#)
        let sampleLine = try Regex(#"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$"#)
        let label = try Regex(#"^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(?:,|$)"#)
        var types: [String: String] = [:]
        var samples: [Sample] = []
        #expect(text.hasSuffix("\n"))
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if let m = try typeLine.wholeMatch(in: String(line)) {
                let name = String(m.output[1].substring!)
                #expect(types[name] == nil, "one TYPE line per family: \(name)")
                types[name] = String(m.output[2].substring!)
                continue
            }
            let m = try #require(try sampleLine.wholeMatch(in: String(line)), "not a sample line: \(line)")
            var labels: [String: String] = [:]
            var rest = Substring(m.output[2].substring ?? "")
            while !rest.isEmpty {
                let l = try #require(try label.prefixMatch(in: rest), "bad labels in: \(line)")
                labels[String(l.output[1].substring!)] = String(l.output[2].substring!)
                rest = rest[l.range.upperBound...]
            }
            let valueText = String(m.output[3].substring!)
            let value = try #require(valueText == "+Inf" ? Double.infinity : Double(valueText), "bad value in: \(line)")
            samples.append(Sample(name: String(m.output[1].substring!), labels: labels, value: value))
        }
        // Every sample belongs to a family typed before it (histograms by their suffixes).
        for sample in samples {
            let family = ["_bucket", "_sum", "_count"].reduce(sample.name) { name, suffix in
                name.hasSuffix(suffix) && types[String(name.dropLast(suffix.count))] == "histogram" ? String(name.dropLast(suffix.count)) : name
            }
            #expect(types[family] != nil, "\(sample.name) has no TYPE line")
        }
        return (types, samples)
    }

    @Test func aCounterAGaugeAndAHistogramRenderInTheExpositionFormat() throws {
        let prometheus = PrometheusCollectorRegistry()
        let metrics = MetricsRegistry(backends: [PrometheusMetricsFactory(registry: prometheus)])
        let output = metrics.scope(["output": "es", "type": "elasticsearch"])
        output.counter("sluice_output_events_delivered_total").add(250)
        output.gauge("sluice_output_queued_submissions").record(2)
        let duration = output.timer("sluice_output_request_duration_seconds")
        duration.recordNanoseconds(20_000_000)  // 0.02 s
        duration.recordNanoseconds(300_000_000)  // 0.3 s
        duration.recordNanoseconds(12_000_000_000)  // 12 s: above every bucket

        let text = prometheus.emitToString()
        let (types, samples) = try Self.parse(text)
        #expect(types == [
            "sluice_output_events_delivered_total": "counter",
            "sluice_output_queued_submissions": "gauge",
            "sluice_output_request_duration_seconds": "histogram",
        ])
        let labels = ["output": "es", "type": "elasticsearch"]
        #expect(text.contains("\n" + #"sluice_output_events_delivered_total{output="es",type="elasticsearch"} 250"# + "\n")
            || text.hasPrefix(#"sluice_output_events_delivered_total{output="es",type="elasticsearch"} 250"#))
        #expect(samples.contains(Sample(name: "sluice_output_events_delivered_total", labels: labels, value: 250)))
        #expect(samples.contains(Sample(name: "sluice_output_queued_submissions", labels: labels, value: 2)))

        // The histogram: buckets in increasing `le`, cumulative, ending at +Inf == _count.
        let buckets = samples.filter { $0.name == "sluice_output_request_duration_seconds_bucket" }
        #expect(buckets.allSatisfy { $0.labels["output"] == "es" && $0.labels["type"] == "elasticsearch" })
        let bounds = try buckets.map { try #require($0.labels["le"] == "+Inf" ? .infinity : Double($0.labels["le"] ?? "")) }
        #expect(bounds == bounds.sorted() && bounds.last == .infinity)
        #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.value <= $1.value }, "cumulative")
        let count = try #require(samples.first { $0.name == "sluice_output_request_duration_seconds_count" })
        let sum = try #require(samples.first { $0.name == "sluice_output_request_duration_seconds_sum" })
        #expect(count.value == 3 && buckets.last?.value == 3)
        #expect(abs(sum.value - 12.32) < 1e-9)
        func observed(upTo le: Double) -> Double? { zip(bounds, buckets).first { $0.0 == le }?.1.value }
        #expect(observed(upTo: 0.01) == 0)
        #expect(observed(upTo: 0.025) == 1)
        #expect(observed(upTo: 0.5) == 2)
        #expect(observed(upTo: 10) == 2)
    }

    /// Prometheus sees the same cap as the in-process values: the overflow series and the
    /// refusals' counter, not one series per label set.
    @Test func theSeriesCapHoldsForPrometheusToo() throws {
        let prometheus = PrometheusCollectorRegistry()
        let metrics = MetricsRegistry(seriesLimit: 2, backends: [PrometheusMetricsFactory(registry: prometheus)])
        let responses = metrics.scope(["output": "es"]).counters("sluice_output_responses_total", by: "status")
        for status in 200..<210 { responses.add(1, String(status)) }
        let (_, samples) = try Self.parse(prometheus.emitToString())
        let series = samples.filter { $0.name == "sluice_output_responses_total" }
        #expect(series.count == 3)
        #expect(series.contains(Sample(name: "sluice_output_responses_total", labels: ["output": "_overflow", "status": "_overflow"], value: 8)))
        #expect(samples.contains(Sample(
            name: "sluice_metrics_series_dropped_total", labels: ["metric": "sluice_output_responses_total", "reason": "over_limit"], value: 8)))
    }
}
