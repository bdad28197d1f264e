import SluiceCore

/// `sluice test`: runs the `tests:` cases of a pipeline file through its stages (no I/O) and
/// reports every expectation that does not hold.
public struct RuleTests {
    /// The outcome of one case.
    public struct Outcome: Sendable {
        public var name: String
        public var location: String
        /// Empty when the case passed.
        public var failures: [String]
        public var passed: Bool { failures.isEmpty }
    }

    public let config: PipelineConfig

    public init(config: PipelineConfig) { self.config = config }

    /// Runs every case, each through a fresh stage chain.
    public func run() -> [Outcome] {
        config.tests.map(run)
    }

    func run(_ test: PipelineTestCase) -> Outcome {
        let chain = StageChain(config.stages)
        var batch = Batch(events: test.inputs.enumerated().map { i, line in
            Event(line: ArraySlice(Array(line.utf8)), origin: Origin(fileID: 0, offset: UInt64(i), length: 0), readTime: FileIO.nowNanoseconds())
        })
        chain.process(&batch)
        let rest = chain.finish()
        batch.events += rest.events
        batch.deadLetters += rest.deadLetters
        batch.droppedCount += rest.droppedCount
        var failures: [String] = []
        if let expectDropped = test.expectDropped {
            if expectDropped && !batch.events.isEmpty {
                failures.append("expected every input to be dropped, but \(batch.events.count) of \(test.inputs.count) were kept")
            } else if !expectDropped && batch.events.count != test.inputs.count {
                failures.append("expected every input to be kept, but \(test.inputs.count - batch.events.count) of \(test.inputs.count) were dropped or set aside")
            }
        }
        if !test.expect.isEmpty && batch.events.isEmpty {
            failures.append("expected fields, but no event was kept (dropped \(batch.droppedCount), dead-lettered \(batch.deadLetters.count))")
        }
        for (n, event) in batch.events.enumerated() {
            let which = batch.events.count > 1 ? " (event \(n + 1))" : ""
            for (path, expected) in test.expect {
                if let problem = Self.check(event.fields, path, expected) {
                    failures.append("\(path)\(which): \(problem)")
                }
            }
        }
        if !test.mustNotContain.isEmpty {
            for (name, rendered) in renderings(batch) {
                let text = String(decoding: rendered, as: UTF8.self)
                for forbidden in test.mustNotContain where text.contains(forbidden) {
                    failures.append("\(name) contains \"\(forbidden)\"")
                }
            }
        }
        return Outcome(name: test.name, location: test.location, failures: failures)
    }

    /// Everything that would leave the process: each output's rendering and the dead letters.
    func renderings(_ batch: Batch) -> [(String, [UInt8])] {
        var result: [(String, [UInt8])] = []
        for output in config.outputs {
            var out: [UInt8] = []
            for event in batch.events {
                output.options.preview(event, into: &out)
                out.append(0x0A)
            }
            result.append(("output \"\(output.name)\"", out))
        }
        var letters: [UInt8] = []
        for letter in batch.deadLetters {
            DeadLetterWriter.encode(letter, file: nil, now: 0, into: &letters)
        }
        result.append(("the dead-letter record", letters))
        return result
    }

    /// Nil when the value at `path` is as expected, else what was found.
    static func check(_ fields: JSONObject, _ path: FieldPath, _ expected: PipelineTestCase.Expected) -> String? {
        let found = fields.withValue(path) { kind, raw in (kind, Array(raw)) }
        let shown = found.map { String(decoding: $0.1, as: UTF8.self) } ?? "(absent)"
        let ok: Bool
        switch expected {
        case .absent: ok = found == nil
        case .present: ok = found != nil
        case .null: ok = found?.0 == .null
        case .bool(let b): ok = found?.0 == .bool && shown == String(b)
        case .number(let n): ok = found?.0 == .number && Double(shown) == n
        case .string(let s): ok = found?.0 == .string && fields.string(path) == s
        }
        return ok ? nil : "expected \(expected), got \(shown)"
    }
}
