import Testing
@testable import SluiceCore
@testable import SluiceRuntime
@testable import SluiceStages

/// `when:` on any stage: the stage chain runs a conditional stage on the matching events only,
/// keeping the batch's order.
@Suite struct ConditionalStageTests {
    func chain(_ stages: String) throws -> StageChain {
        let text = pipelineText(stages: "  - type: parse_json\n" + stages)
        return StageChain(try Pipelines.loader(environment: ["POD_NAME": "api-0"]).load(text: text, file: "p.yaml").get().stages)
    }

    func process(_ chain: StageChain, _ lines: [String]) -> Batch {
        var batch = Batch(events: lines.enumerated().map { i, line in
            Event(line: ArraySlice(Array(line.utf8)), origin: Origin(fileID: 0, offset: UInt64(i), length: 0), readTime: 0)
        })
        chain.process(&batch)
        return batch
    }

    func json(_ event: Event) -> String {
        var out: [UInt8] = []
        event.serialize(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func conditionalFieldsStageEditsOnlyMatchingEventsInPlace() throws {
        let chain = try chain("""
              - type: fields
                add: { pod: "${POD_NAME:-unknown}" }
                when: { level: { in: [debug] } }
            """)
        let lines = (0..<9).map { i in #"{"level":"\#(i % 3 == 0 ? "debug" : "info")","n":\#(i)}"# }
        let batch = process(chain, lines)
        #expect(batch.events.count == 9)
        for (i, event) in batch.events.enumerated() {
            let expected = i % 3 == 0 ? #"{"level":"debug","n":\#(i),"pod":"api-0"}"# : lines[i]
            #expect(json(event) == expected)
        }
        #expect(chain.metrics.counter("sluice_fields_added_total", ["component": "stages[1]"]) == 3)
    }

    @Test(arguments: [
        [true, true, true], [false, false, false], [true, false, true, false], [false, true, true, false, false, true],
    ])
    func dropWithAConditionKeepsTheOthersInOrder(_ pattern: [Bool]) throws {
        let chain = try chain("""
              - type: drop
                when: { event: heartbeat }
            """)
        let lines = pattern.enumerated().map { i, drop in #"{"event":"\#(drop ? "heartbeat" : "work")","n":\#(i)}"# }
        let batch = process(chain, lines)
        let kept = pattern.indices.filter { !pattern[$0] }.map { lines[$0] }
        #expect(batch.events.map(json) == kept)
        #expect(batch.droppedCount == pattern.filter { $0 }.count)
        #expect(chain.metrics.counter("sluice_stage_events_dropped_total", ["component": "stages[1]", "reason": "condition"]) == pattern.filter { $0 }.count)
    }

    @Test func aConditionalHoldingStageReleasesEarlierEventsInPlace() throws {
        // Only `job` events are sampled (rate 0.5, whole traces kept on error); others pass.
        let chain = try chain("""
              - type: sample
                rate: 0.5
                keep_levels: [error]
                keep_whole_trace: { window: 1h }
                when: { kind: job }
            """)
        let unsampled = "4bf92f3577b34da6a37fffffffffffff"
        let first = process(chain, [
            #"{"kind":"job","level":"info","trace_id":"\#(unsampled)","n":1}"#,
            #"{"kind":"web","level":"info","n":2}"#,
        ])
        #expect(first.events.map { $0.fields.string(FieldPath(key: "n")) } == ["2"])
        let second = process(chain, [
            #"{"kind":"web","level":"info","n":3}"#,
            #"{"kind":"job","level":"error","trace_id":"\#(unsampled)","n":4}"#,
            #"{"kind":"web","level":"info","n":5}"#,
        ])
        #expect(second.events.map { $0.fields.string(FieldPath(key: "n")) } == ["3", "1", "4", "5"])
    }

    @Test func finishSettlesHeldEventsThroughTheLaterStages() throws {
        let chain = try chain("""
              - type: sample
                rate: 0.5
                keep_whole_trace: true
              - type: fields
                add: { seen: true }
            """)
        let batch = process(chain, [#"{"level":"info","trace_id":"4bf92f3577b34da6a37fffffffffffff"}"#])
        #expect(batch.events.isEmpty)
        #expect(batch.droppedCount == 0)
        let rest = chain.finish()
        #expect(rest.events.isEmpty)
        #expect(rest.droppedCount == 1)
    }

    /// A `matches` test whose pattern backtracks exponentially (`(a+)+$` on `aaa…ab`) gives up
    /// at the match limit: the condition does not hold for that event, and the hit is counted.
    @Test func aRegexOverItsMatchLimitDoesNotMatchAndIsCounted() throws {
        let chain = try chain("""
              - type: drop
                when: { msg: { matches: "(a+)+$" } }
            """)
        let runaway = String(repeating: "a", count: 40) + "b"
        let lines = [#"{"msg":"\#(runaway)","n":1}"#, #"{"msg":"baaa","n":2}"#]
        let batch = process(chain, lines)
        #expect(batch.events.map(json) == [lines[0]])
        #expect(batch.droppedCount == 1)
        #expect(chain.metrics.counter("sluice_stage_condition_regex_limit_hits_total", ["component": "stages[1]", "type": "drop"]) == 1)
    }

    @Test func stagesWithoutConditionsAreUntouchedByTheMachinery() throws {
        let chain = try chain("""
              - type: fields
                normalize_level: true
            """)
        #expect(chain.conditions.allSatisfy { $0 == nil })
        let batch = process(chain, [#"{"level":"WARN"}"#, #"{"level":"info"}"#])
        #expect(batch.events.map(json) == [#"{"level":"warning"}"#, #"{"level":"info"}"#])
        #expect(batch.events.allSatisfy { $0.chainSlot == 0 })
    }
}
