import Foundation
import Testing
import SluiceCore
import SluiceTestSupport
@testable import SluiceStages

/// Mutation fuzzing of `parse_json`: valid lines (the corpus and generated ones) cut, bit
/// flipped, with control characters, invalid UTF-8 and stray JSON tokens put in. Every line
/// is either parsed exactly as JSONSerialization reads it, or kept whole as `message` with
/// `parse_error: true` — never a partly parsed object — and what is written is always JSON.
@Suite struct ParseJSONFuzzTests {
    @Test func mutatedLinesAreParsedExactlyOrMarkedAsErrors() {
        let run = FuzzRun("parse_json.mutated", defaultIterations: 3_000)
        let corpus = FuzzCorpus.lines("json-lines.txt")
        #expect(corpus.count >= 30)
        let stage = ParseJSONStage()
        var accepted = 0, rejected = 0
        run.forEach { i, rng in
            // A batch of lines per iteration, as the tailer hands them over.
            var lines: [[UInt8]] = []
            for _ in 0..<8 {
                let base = rng.chance(0.6) ? rng.pick(corpus) : JSONGenerator().object(&rng)
                lines.append(ByteMutator.mutate(base, other: rng.pick(corpus), rng: &rng))
            }
            var batch = Batch(events: lines.map { Event(line: ArraySlice($0), origin: Origin(fileID: 1, offset: 0, length: 0), readTime: 0) })
            stage.process(&batch)
            #expect(batch.events.count == lines.count)
            for (line, event) in zip(lines, batch.events) {
                var written: [UInt8] = []
                event.serialize(into: &written)
                let reference = JSONOracle.object(line)
                let deviation = JSONOracle.knownDeviation(line)
                if event.flags.contains(.parseError) {
                    rejected += 1
                    #expect(reference == nil || deviation != nil, "\(run.at(i)): rejected a line JSONSerialization reads: \(show(line))")
                    checkParseError(event, line, written, context: run.at(i))
                } else {
                    accepted += 1
                    if deviation != nil { continue }  // e.g. a lone surrogate escape: see JSONOracle
                    #expect(reference != nil, "\(run.at(i)): parsed a line JSONSerialization rejects: \(show(line))")
                    let back = JSONOracle.object(written)
                    #expect(back != nil && reference != nil && JSONOracle.equal(back!, reference!),
                            "\(run.at(i)): parsed differently: \(show(written)) from \(show(line))")
                }
            }
        }
        print("fuzz parse_json.mutated: \(accepted) lines parsed, \(rejected) marked parse_error")
        #expect(accepted > 0 && rejected > 0)
    }

    /// A rejected line: exactly `message` (the whole line, invalid UTF-8 replaced) and
    /// `parse_error: true`, written as JSON.
    func checkParseError(_ event: Event, _ line: [UInt8], _ written: [UInt8], context: String) {
        guard let object = JSONOracle.object(written) else {
            Issue.record("\(context): parse_error event is not JSON: \(show(written))")
            return
        }
        #expect(Set(object.keys) == ["message", "parse_error"], "\(context): \(show(written))")
        #expect((object["parse_error"] as? NSNumber)?.boolValue == true, "\(context): \(show(written))")
        if let text = String(validating: line, as: UTF8.self) {
            let message = event.fields.valueBytes(FieldPath(key: "message"))
            #expect(message == Array(text.utf8), "\(context): message is not the line: \(show(written))")
        }
    }

    func show(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(400), as: UTF8.self).debugDescription
        return bytes.count > 400 ? text + "… (\(bytes.count) bytes)" : text
    }

    /// Regression inputs from fuzzing and the tricky cases it keeps hitting.
    static let rejected: [String] = [
        #"{"a":1,}"#,  // trailing comma (JSONSerialization accepts it)
        "\u{FEFF}{\"a\":1}",  // byte-order mark (JSONSerialization accepts it)
        #"{"a":01}"#, #"{"a":"x"#, #"{"a":1}}"#, "{\"a\":\"\u{1}\"}", #"{"a":tru}"#, #"{"a":1e}"#, "[1]", "",
    ]

    @Test(arguments: rejected)
    func notJSONObjectsAreMarked(_ line: String) {
        let batch = run(ParseJSONStage(), line)
        #expect(batch.events[0].flags.contains(.parseError))
        #expect(batch.events[0].string("message") == line)
    }

    func run(_ stage: ParseJSONStage, _ line: String) -> Batch {
        var batch = Batch(events: [Event(line)])
        stage.process(&batch)
        return batch
    }
}
