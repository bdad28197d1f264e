import Testing
import SluiceCore
@testable import SluiceStages

/// Recall and false positives per detector on 3,000 generated, labelled lines
/// (``RedactCorpus``): recall ≥ 99.5 % and false positives ≤ 0.5 % for every rule.
///
/// - A piece of PII is found when its text is gone from the output line and the line holds
///   at least as many `[REDACTED:<rule>]` masks as it has pieces labelled with that rule.
/// - False positives of a rule are the masks of that rule beyond the labelled pieces, plus
///   decoys that did not survive byte for byte; the rate is per decoy in the corpus.
@Suite struct RedactCorpusTests {
    static let lineCount = 3_000

    @Test func recallAndFalsePositivesPerDetector() throws {
        var corpus = RedactCorpus(seed: 20_261_124)
        let lines = (0..<Self.lineCount).map { _ in corpus.line() }
        let (batch, _) = RedactHarness.run(lines.map(\.text))
        #expect(batch.events.count == lines.count)
        #expect(batch.deadLetters.isEmpty)
        let rules = RedactRule.builtInNames
        var total: [String: Int] = [:]
        var found: [String: Int] = [:]
        var extra: [String: Int] = [:]
        var decoysTotal = 0
        var decoysLost = 0
        var lostExamples: [String] = []
        var missedExamples: [String] = []
        for (line, event) in zip(lines, batch.events) {
            let out = RedactHarness.json(event)
            _ = try JSONObject(parsing: ArraySlice(Array(out.utf8)))
            var expected: [String: Int] = [:]
            for item in line.pii { expected[item.rule, default: 0] += 1 }
            var masks: [String: Int] = [:]
            for rule in rules { masks[rule] = out.components(separatedBy: "[REDACTED:\(rule)]").count - 1 }
            for item in line.pii {
                total[item.rule, default: 0] += 1
                if !out.contains(item.json) && masks[item.rule]! >= expected[item.rule]! {
                    found[item.rule, default: 0] += 1
                } else if missedExamples.count < 5 {
                    missedExamples.append("\(item.rule): \(out)")
                }
            }
            for rule in rules where masks[rule]! > expected[rule, default: 0] {
                extra[rule, default: 0] += masks[rule]! - expected[rule, default: 0]
            }
            for decoy in line.decoys {
                decoysTotal += 1
                let quotedBody = RedactCorpus.quoted(decoy).dropFirst().dropLast()
                if !out.contains(quotedBody) {
                    decoysLost += 1
                    if lostExamples.count < 5 { lostExamples.append(decoy) }
                }
            }
        }
        print("redaction corpus: \(lines.count) lines, \(total.values.reduce(0, +)) labelled pieces, \(decoysTotal) decoys (\(decoysLost) altered)")
        print("rule              pieces   recall   false positives")
        for rule in rules where total[rule] != nil || extra[rule] != nil {
            let t = total[rule, default: 0]
            let recall = t == 0 ? 1 : Double(found[rule, default: 0]) / Double(t)
            let fp = Double(extra[rule, default: 0]) / Double(decoysTotal)
            print(String(describing: rule).padding(toLength: 16, withPad: " ", startingAt: 0)
                + "\(t)".leftPadded(8) + "  " + percent(recall).leftPadded(7) + "  " + percent(fp).leftPadded(8)
                + " (\(extra[rule, default: 0]))")
            #expect(t >= 50 || rule == "unprocessable", "too few \(rule) pieces for a meaningful figure")
            #expect(recall >= 0.995, "\(rule) recall \(percent(recall)); e.g. \(missedExamples)")
            #expect(fp <= 0.005, "\(rule) false positives \(percent(fp))")
        }
        let decoyRate = Double(decoysLost) / Double(decoysTotal)
        print("decoys altered: \(percent(decoyRate))")
        #expect(decoyRate <= 0.005, "decoys altered: \(lostExamples)")
        #expect(lines.count >= 2_000)
    }

    func percent(_ v: Double) -> String {
        let tenths = Int((v * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
