import CoreMetrics
import Foundation
import Testing
@testable import SluiceCore

/// The metrics layer: labels as labels, handles sharing series, values read back in
/// process, the per-family series cap, conflicting declarations, and the rendering used by
/// the closing log line and the counter report.
@Suite struct MetricsRegistryTests {
    @Test func labelsAreLabelsAndReadsMatchOnAnyOfThem() {
        let metrics = MetricsRegistry()
        let stage = metrics.scope(["component": "stages[2]", "type": "sample"])
        let sampledOut = stage.counter("sluice_stage_events_dropped_total", ["reason": "sampled_out"])
        let holdFull = stage.counter("sluice_stage_events_dropped_total", ["reason": "hold_full"])
        sampledOut.add(5)
        sampledOut.add(2)
        holdFull.add(1)
        #expect(metrics.counter("sluice_stage_events_dropped_total", ["reason": "sampled_out"]) == 7)
        #expect(metrics.counter("sluice_stage_events_dropped_total", ["component": "stages[2]", "reason": "hold_full"]) == 1)
        // Fewer labels: the sum over the series that have them.
        #expect(metrics.counter("sluice_stage_events_dropped_total", ["type": "sample"]) == 8)
        #expect(metrics.counter("sluice_stage_events_dropped_total", ["component": "stages[3]"]) == 0)
        #expect(metrics.counter("sluice_no_such_total") == 0)
        let series = metrics.series("sluice_stage_events_dropped_total", ["reason": "sampled_out"])
        #expect(series == [MetricSeries(
            name: "sluice_stage_events_dropped_total",
            labels: [MetricLabel("component", "stages[2]"), MetricLabel("reason", "sampled_out"), MetricLabel("type", "sample")],
            kind: .counter, value: 7)])
    }

    @Test func handlesForTheSameNameAndLabelsShareOneSeries() {
        let metrics = MetricsRegistry()
        let a = metrics.scope(["component": "stages[0]", "type": "drop"]).counter("sluice_x_total", ["reason": "r"])
        // The same labels given in another order.
        let b = metrics.scope(["type": "drop"]).adding(["reason": "r", "component": "stages[0]"]).counter("sluice_x_total")
        a.add(2)
        b.add(3)
        #expect(metrics.series("sluice_x_total").count == 1)
        #expect(metrics.counter("sluice_x_total") == 5)
    }

    @Test func addSkipsZeroButTheSeriesExistsFromTheStart() {
        let metrics = MetricsRegistry()
        let counter = metrics.scope().counter("sluice_x_total")
        counter.add(0)
        counter.add(-3)
        let series = metrics.series("sluice_x_total")
        #expect(series.count == 1 && series[0].isZero)
        #expect(metrics.samples().isEmpty, "nothing recorded: nothing in the closing line")
    }

    @Test func gaugesHistogramsAndTimersReadBack() {
        let metrics = MetricsRegistry()
        let scope = metrics.scope(["output": "es"])
        let queued = scope.gauge("sluice_output_queued_submissions")
        queued.record(5)
        queued.record(3)
        let batch = scope.histogram("sluice_output_batch_events")
        batch.record(100)
        batch.record(150)
        let duration = scope.timer("sluice_output_request_duration_seconds")
        duration.recordNanoseconds(1_500_000_000)
        duration.recordNanoseconds(250_000_000)
        #expect(metrics.gauge("sluice_output_queued_submissions") == 3)
        #expect(metrics.gauge("sluice_output_queued_submissions", ["output": "loki"]) == nil)
        #expect(metrics.histogram("sluice_output_batch_events").count == 2)
        #expect(metrics.histogram("sluice_output_batch_events").sum == 250)
        #expect(metrics.histogram("sluice_output_request_duration_seconds").count == 2)
        #expect(metrics.histogram("sluice_output_request_duration_seconds").sum == 1.75)
        #expect(metrics.series("sluice_output_batch_events").first?.kind == .histogram)
        #expect(metrics.series("sluice_output_queued_submissions").first?.kind == .gauge)
    }

    /// Beyond the cap, new label sets of a family share one overflow series; each refusal is
    /// counted; label sets admitted before keep their series; other families are not affected.
    @Test func theSeriesCapFoldsFurtherLabelSetsIntoOneOverflowSeries() {
        let metrics = MetricsRegistry(seriesLimit: 3)
        let responses = metrics.scope(["output": "es"]).counters("sluice_output_responses_total", by: "status")
        for status in [200, 201, 202, 429, 503] { responses.add(1, String(status)) }
        responses.add(4, "200")
        responses.add(1, "503")
        let series = metrics.series("sluice_output_responses_total")
        #expect(series.count == 4)
        #expect(metrics.counter("sluice_output_responses_total", ["status": "200"]) == 5)
        #expect(metrics.counter("sluice_output_responses_total", ["status": "429"]) == 0, "over the cap: no series of its own")
        #expect(metrics.counter("sluice_output_responses_total", ["output": "_overflow", "status": "_overflow"]) == 3)
        #expect(metrics.counter(SeriesLimiter.droppedName, ["metric": "sluice_output_responses_total", "reason": "over_limit"]) == 2)
        #expect(metrics.counter("sluice_output_responses_total") == 10, "nothing is lost from the family's total")
        let other = metrics.scope().counter("sluice_other_total")
        other.add(1)
        #expect(metrics.counter("sluice_other_total") == 1)
    }

    @Test func aConflictingDeclarationRecordsNothingAndIsCounted() {
        let metrics = MetricsRegistry()
        let scope = metrics.scope(["component": "stages[0]"])
        scope.counter("sluice_x_total").add(1)
        // Another type, or other label names, under the same name.
        scope.gauge("sluice_x_total").record(7)
        metrics.scope().counter("sluice_x_total").add(5)
        scope.counter("sluice_x_total", ["reason": "r"]).add(5)
        #expect(metrics.series("sluice_x_total").count == 1)
        #expect(metrics.counter("sluice_x_total") == 1)
        #expect(metrics.counter(SeriesLimiter.droppedName, ["metric": "sluice_x_total", "reason": "conflict"]) == 3)
    }

    @Test func theDiscardingScopeRecordsNothing() {
        let counter = MetricsScope.discarding.counter("sluice_x_total")
        counter.add(5)
        MetricsScope.discarding.gauge("sluice_g").record(1)
        let stage = StageContext(name: "parse_json")
        #expect(stage.metrics.dimensions.isEmpty && stage.redactions == nil)
    }

    @Test func stageContextsCarryTheStagesDimensions() {
        let metrics = MetricsRegistry()
        let context = StageContext(index: 3, type: "fields", metrics: metrics)
        #expect(context.name == "stages[3] (fields)")
        context.metrics.counter("sluice_fields_added_total").add(2)
        #expect(metrics.counter("sluice_fields_added_total", ["component": "stages[3]", "type": "fields"]) == 2)
    }

    @Test func samplesAreNamedAsPrometheusShowsThem() {
        let metrics = MetricsRegistry()
        let scope = metrics.scope(["component": "stages[0]", "type": "parse_json"])
        scope.counter("sluice_parse_json_errors_total", ["reason": "syntax"]).add(2)
        scope.histogram("sluice_h").record(1.5)
        scope.gauge("sluice_g").record(0)
        #expect(metrics.samples().map { "\($0.name)=\($0.value)" } == [
            "sluice_h_count{component=\"stages[0]\",type=\"parse_json\"}=1",
            "sluice_h_sum{component=\"stages[0]\",type=\"parse_json\"}=1.5",
            "sluice_parse_json_errors_total{component=\"stages[0]\",reason=\"syntax\",type=\"parse_json\"}=2",
        ])
        let errors = metrics.series("sluice_parse_json_errors_total")[0]
        #expect(errors.selector(omitting: ["component", "type"]) == #"sluice_parse_json_errors_total{reason="syntax"}"#)
        #expect(errors.selector(omitting: ["component", "type", "reason"]) == "sluice_parse_json_errors_total")
        let odd = MetricSeries(name: "n", labels: [MetricLabel("l", "a\"b\\c\nd")], kind: .counter, value: 1)
        #expect(odd.selector() == #"n{l="a\"b\\c\nd"}"#)
    }

    /// Increments from several threads at once are all counted (the handles are shared by an
    /// output's thread and the worker).
    @Test func concurrentIncrementsAreAllCounted() {
        let metrics = MetricsRegistry()
        let counter = metrics.scope().counter("sluice_x_total")
        let family = metrics.scope().counters("sluice_y_total", by: "status")
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            for _ in 0..<10_000 {
                counter.add(1)
                family.add(1, String(i % 2))
            }
        }
        #expect(metrics.counter("sluice_x_total") == 80_000)
        #expect(metrics.counter("sluice_y_total", ["status": "0"]) == 40_000)
        #expect(metrics.series("sluice_y_total").count == 2)
    }
}
