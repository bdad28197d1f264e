import Testing
@testable import SluiceCore
@testable import SluiceStages

@Suite struct MetricsStageTests {
    /// The options of a `metrics` stage written as `yaml` (its lines under `- type: metrics`).
    func load(_ yaml: String) -> Result<MetricsStage.Options, PipelineConfigError> {
        loadStages("  - type: metrics\n" + yaml).map { $0[0] as! MetricsStage.Options }
    }

    func stage(_ yaml: String, clock: any MonotonicClock = SystemClock(), registry: MetricsRegistry = MetricsRegistry()) throws -> MetricsStage {
        let options = try load(yaml).get()
        return MetricsStage(options: options, context: StageContext(index: 0, type: "metrics", metrics: registry), clock: clock)
    }

    @Test func countersCountOrAddWithLabelsFromFieldsAndConditions() throws {
        let registry = MetricsRegistry()
        let stage = try stage("""
                prefix: wf_
                metrics:
                  - name: step_errors_total
                    type: counter
                    help: Errors per step.
                    labels: { step: "%{[step]}", env: prod }
                    when: { level: error }
                  - name: tokens_total
                    type: counter
                    add: usage.tokens
            """, registry: registry)
        let batch = run(stage, [
            #"{"level":"error","step":"inference","usage":{"tokens":120}}"#,
            #"{"level":"error","step":"inference","usage":{"tokens":"30"}}"#,
            #"{"level":"info","step":"delivery","usage":{"tokens":5}}"#,
            #"{"level":"error","step":"delivery"}"#,
        ])
        #expect(batch.events.count == 4, "events pass through")
        #expect(stage.exposition() == """
            # HELP wf_step_errors_total Errors per step.
            # TYPE wf_step_errors_total counter
            wf_step_errors_total{env="prod",step="delivery"} 1
            wf_step_errors_total{env="prod",step="inference"} 2
            # HELP wf_tokens_total counter from the pipeline's events (metrics stage).
            # TYPE wf_tokens_total counter
            wf_tokens_total 155

            """)
        #expect(registry.counter("sluice_metrics_stage_values_missing_total", ["metric": "wf_tokens_total"]) == 1)
    }

    @Test func gaugesSetIncreaseAndDecrease() throws {
        let stage = try stage("""
                metrics:
                  - { name: queue_depth, type: gauge, value: depth }
                  - { name: running, type: gauge, action: inc, when: { event: started } }
                  - { name: running_done, type: gauge, action: dec, when: { event: finished } }
            """)
        _ = run(stage, [#"{"depth":7}"#, #"{"depth":3.5}"#, #"{"event":"started"}"#, #"{"event":"started"}"#, #"{"event":"finished"}"#])
        let text = stage.exposition()
        #expect(text.contains("\nqueue_depth 3.5\n"))
        #expect(text.contains("\nrunning 2\n"))
        #expect(text.contains("\nrunning_done -1\n"))
    }

    @Test func histogramsScaleIntoCumulativeBuckets() throws {
        let stage = try stage("""
                metrics:
                  - name: inference_seconds
                    type: histogram
                    value: latency_ms
                    scale: 0.001
                    buckets: [0.1, 1, 5]
                    labels: { model: "%{[model]}" }
            """)
        _ = run(stage, [
            #"{"model":"m1","latency_ms":50}"#, #"{"model":"m1","latency_ms":700}"#, #"{"model":"m1","latency_ms":9000}"#,
        ])
        #expect(stage.exposition() == """
            # HELP inference_seconds histogram from the pipeline's events (metrics stage).
            # TYPE inference_seconds histogram
            inference_seconds_bucket{model="m1",le="0.1"} 1
            inference_seconds_bucket{model="m1",le="1"} 2
            inference_seconds_bucket{model="m1",le="5"} 2
            inference_seconds_bucket{model="m1",le="+Inf"} 3
            inference_seconds_sum{model="m1"} 9.75
            inference_seconds_count{model="m1"} 3

            """)
    }

    @Test func labelSetsPastTheCapShareTheOverflowSeries() throws {
        let registry = MetricsRegistry()
        let stage = try stage("""
                metrics:
                  - { name: runs_total, type: counter, labels: { run: "%{[run]}" }, max_series: 2 }
            """, registry: registry)
        _ = run(stage, (0..<5).map { #"{"run":"r\#($0)"}"# })
        let text = stage.exposition()
        #expect(text.contains(#"runs_total{run="r0"} 1"#) && text.contains(#"runs_total{run="r1"} 1"#))
        #expect(text.contains(#"runs_total{run="__overflow__"} 3"#))
        #expect(registry.counter("sluice_metrics_stage_series_overflow_total", ["metric": "runs_total"]) == 3)
    }

    @Test func idleSeriesLeave() throws {
        let clock = SluiceCore.ManualClock()
        let stage = try stage("""
                max_idle: 10m
                metrics:
                  - { name: runs_total, type: counter, labels: { run: "%{[run]}" } }
            """, clock: clock)
        _ = run(stage, [#"{"run":"old"}"#])
        clock.advance(by: 300)
        _ = run(stage, [#"{"run":"new"}"#])
        clock.advance(by: 400)
        let text = stage.exposition()
        #expect(!text.contains("old") && text.contains(#"runs_total{run="new"} 1"#))
    }

    @Test func labelValuesAreCutAndObjectsLeftEmpty() throws {
        let stage = try stage("""
                metrics:
                  - { name: seen_total, type: counter, labels: { text: "%{[t]}" } }
            """)
        let long = String(repeating: "é", count: 100)
        _ = run(stage, [#"{"t":"\#(long)"}"#, #"{"t":{"a":1}}"#, #"{"t":"a\#(long)"}"#])
        let text = stage.exposition()
        #expect(text.contains(#"seen_total{text="\#(String(repeating: "é", count: 64))"} 1"#), "128 bytes, whole characters")
        #expect(text.contains(#"seen_total{text=""} 1"#))
        #expect(text.contains(#"seen_total{text="a\#(String(repeating: "é", count: 63))"} 1"#), "an é cut in half is left out")
    }

    @Test func configErrorsNameTheKey() {
        func errors(_ yaml: String) -> [String] { stageErrors("  - type: metrics\n" + yaml) }
        #expect(errors("    metrics:\n      - { name: 9bad, type: counter }").contains { $0.contains("stages[0].metrics[0].name") })
        #expect(errors("    metrics:\n      - { name: sluice_mine_total, type: counter }").contains { $0.contains("not sluice_") })
        #expect(errors("    metrics:\n      - { name: h, type: histogram }").contains { $0.contains("needs value") })
        #expect(errors("    metrics:\n      - { name: h, type: histogram, value: v, buckets: [5, 1] }").contains { $0.contains("increasing") })
        #expect(errors("    metrics:\n      - { name: c_total, type: counter, labels: { le: x } }").contains { $0.contains("not a label name") })
        #expect(errors("    metrics:\n      - { name: c_total, type: counter, labels: { a: \"x%{[y]}\" } }").contains { $0.contains("field reference") })
        #expect(errors("    metrics:\n      - { name: c_total, type: countr }").contains { $0.contains("stages[0].metrics[0].type") })
        #expect(errors("    metrics: []").contains { $0.contains("at least one metric") })
    }
}
