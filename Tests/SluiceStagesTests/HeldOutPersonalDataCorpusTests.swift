import Testing
import SluiceCore
@testable import SluiceStages

/// Recall and false positives of `person_name`, `address` and `date_of_birth` on a held-out
/// corpus (``HeldOutPersonalDataCorpus``) written independently of the tuning corpus.
///
/// - A piece is found when its text (JSON-escaped once or twice, `\u` escapes decoded) is gone
///   from the output line and the line holds at least as many `[REDACTED:<rule>]` masks as
///   pieces of that rule. "whole" additionally requires that no word (≥ 3 letters) of the
///   piece survives beyond the other occurrences of that word in the input line.
/// - Extra masks are masks beyond the labelled pieces (any built-in rule; the city and
///   postcode of a structured address may be masked without counting); their rate is per
///   decoy. A decoy is altered when its text no longer appears in the output line.
@Suite struct HeldOutPersonalDataCorpusTests {
    static let lineCount = 2_000
    typealias Corpus = HeldOutPersonalDataCorpus

    @Test func heldOutRecallAndFalsePositives() throws {
        var corpus = Corpus(seed: 0x48_454C_444F_5554)
        let lines = (0..<Self.lineCount).map { _ in corpus.line() }
        for line in lines {
            let parses = (try? JSONObject(parsing: ArraySlice(Array(line.text.utf8)))) != nil
            #expect(parses, "corpus line is not JSON: \(line.text)")
        }
        let (batch, _) = RedactHarness.run(lines.map(\.text))
        #expect(batch.events.count == lines.count)
        #expect(batch.deadLetters.isEmpty)
        let rules = ["person_name", "address", "date_of_birth"]
        var total: [String: Int] = [:], found: [String: Int] = [:], whole: [String: Int] = [:], extra: [String: Int] = [:]
        var byTag: [String: (Int, Int)] = [:], byContext: [String: (Int, Int)] = [:], byEscape: [Bool: (Int, Int)] = [:]
        var decoysTotal = 0, decoysLost = 0
        var decoyKinds: [String: (Int, Int)] = [:]
        var missed: [String: [String]] = [:], partial: [String: [String]] = [:], lost: [String] = []
        var unparsable = 0
        var lostCounts: [String: Int] = [:], extraExamples: [String: [String]] = [:]
        for (line, event) in zip(lines, batch.events) {
            let out = RedactHarness.json(event)
            if (try? JSONObject(parsing: ArraySlice(Array(out.utf8)))) == nil {
                unparsable += 1
            }
            let decoded = Corpus.unescape(out)
            let outWords = Corpus.tokens(Corpus.unescape(out, plain: true))
            let inWords = Corpus.tokens(Corpus.unescape(line.text, plain: true))
            var pieceWords: [String: Int] = [:]
            for p in line.pii { for (w, c) in Corpus.tokens(p.text) { pieceWords[w, default: 0] += c } }
            var expected: [String: Int] = [:]
            for p in line.pii { expected[p.rule, default: 0] += 1 }
            var masks: [String: Int] = [:]
            for rule in RedactRule.builtInNames { masks[rule] = out.ranges(of: "[REDACTED:\(rule)]").count }
            for p in line.pii {
                total[p.rule, default: 0] += 1
                let once = Corpus.escape(p.text), twice = Corpus.escape(once)
                let gone = !decoded.contains(once) && !decoded.contains(twice)
                let ok = gone && masks[p.rule, default: 0] >= expected[p.rule]!
                let leaked = Corpus.tokens(p.text).keys.filter { w in
                    outWords[w, default: 0] > inWords[w, default: 0] - pieceWords[w, default: 0]
                }.sorted()
                func bump(_ d: inout [String: (Int, Int)], _ k: String) {
                    let v = d[k, default: (0, 0)]
                    d[k] = (v.0 + 1, v.1 + (ok ? 1 : 0))
                }
                bump(&byTag, "\(p.rule) \(p.tag)")
                bump(&byContext, "\(p.rule) \(line.context)")
                let e = byEscape[line.escaped, default: (0, 0)]
                byEscape[line.escaped] = (e.0 + 1, e.1 + (ok ? 1 : 0))
                if ok {
                    found[p.rule, default: 0] += 1
                    if leaked.isEmpty { whole[p.rule, default: 0] += 1 } else if partial[p.rule, default: []].count < 5 {
                        partial[p.rule, default: []].append("[\(p.tag)] \(p.text) (left: \(leaked.joined(separator: " "))) ⟶ \(excerpt(out, near: leaked.first!))")
                    }
                } else if missed[p.rule, default: []].count < 8 {
                    missed[p.rule, default: []].append("[\(p.tag)/\(line.context)] \(p.text) ⟶ \(excerpt(out, near: gone ? "[REDACTED" : once))")
                }
            }
            for rule in RedactRule.builtInNames where masks[rule]! > expected[rule, default: 0] + line.tolerated[rule, default: 0] {
                extra[rule, default: 0] += masks[rule]! - expected[rule, default: 0] - line.tolerated[rule, default: 0]
                if extraExamples[rule, default: []].count < 6 {
                    extraExamples[rule, default: []].append("(\(masks[rule]!) masks, \(expected[rule, default: 0]) labelled) \(excerpt(out, near: "[REDACTED:\(rule)]"))")
                }
            }
            for d in line.decoys {
                decoysTotal += 1
                let once = Corpus.escape(d.text)
                let survived = decoded.contains(once) || decoded.contains(Corpus.escape(once))
                let v = decoyKinds[d.kind, default: (0, 0)]
                decoyKinds[d.kind] = (v.0 + 1, v.1 + (survived ? 0 : 1))
                if !survived {
                    decoysLost += 1
                    lostCounts["[\(d.kind)] \(d.text)", default: 0] += 1
                    if lost.count < 8 { lost.append("[\(d.kind)] \(d.text) ⟶ \(excerpt(out, near: "[REDACTED"))") }
                }
            }
        }
        #expect(unparsable == 0, "\(unparsable) output lines do not parse as JSON")

        print("held-out personal-data corpus: \(lines.count) lines, \(total.values.reduce(0, +)) labelled pieces, \(decoysTotal) decoys")
        print("rule             pieces   recall    whole   extra masks   FP/decoy")
        var extraRules = rules
        for rule in RedactRule.builtInNames where !rules.contains(rule) && extra[rule] != nil { extraRules.append(rule) }
        for rule in extraRules {
            let t = total[rule, default: 0]
            let recall = t == 0 ? 1 : Double(found[rule, default: 0]) / Double(t)
            let w = t == 0 ? 1 : Double(whole[rule, default: 0]) / Double(t)
            let fp = Double(extra[rule, default: 0]) / Double(max(decoysTotal, 1))
            print(rule.padding(16) + "\(t)".leftPadded(7) + percent(recall).leftPadded(9) + percent(w).leftPadded(9)
                + "\(extra[rule, default: 0])".leftPadded(14) + percent(fp).leftPadded(11))
            if rules.contains(rule) {
                #expect(recall >= 0.90, "\(rule) recall \(percent(recall)); e.g. \(missed[rule] ?? [])")
            }
        }
        let decoyRate = Double(decoysLost) / Double(max(decoysTotal, 1))
        print("decoys altered: \(decoysLost) of \(decoysTotal) (\(percent(decoyRate)))")
        for kind in decoyKinds.keys.sorted() {
            let (n, l) = decoyKinds[kind]!
            print("  " + kind.padding(12) + "\(l) / \(n)")
        }
        print("recall by rule and template family:")
        for key in byTag.keys.sorted() {
            let (n, f) = byTag[key]!
            print("  " + key.padding(34) + "\(f) / \(n)".leftPadded(10) + percent(Double(f) / Double(n)).leftPadded(8))
        }
        print("recall by rule and context:")
        for key in byContext.keys.sorted() {
            let (n, f) = byContext[key]!
            print("  " + key.padding(34) + "\(f) / \(n)".leftPadded(10) + percent(Double(f) / Double(n)).leftPadded(8))
        }
        for escaped in [false, true] {
            let (n, f) = byEscape[escaped, default: (0, 0)]
            print("  all rules, \(escaped ? "\\u-escaped lines" : "plain UTF-8 lines")".padding(36) + "\(f) / \(n)".leftPadded(10))
        }
        for rule in rules {
            print("missed \(rule) (up to 8):")
            for m in missed[rule] ?? [] { print("  " + m) }
            print("found but partly left \(rule) (up to 5):")
            for m in partial[rule] ?? [] { print("  " + m) }
        }
        print("altered decoys (up to 8):")
        for l in lost { print("  " + l) }
        print("altered decoys, distinct texts:")
        for key in lostCounts.keys.sorted() { print("  \(lostCounts[key]!)× \(key)") }
        print("lines with more masks than labelled pieces (up to 6 per rule):")
        for rule in extraExamples.keys.sorted() { for e in extraExamples[rule]! { print("  \(rule) " + e) } }
        #expect(decoyRate <= 0.001, "decoys altered: \(lost)")
    }

    /// Up to ~300 characters of `line` around the first occurrence of `needle`.
    func excerpt(_ line: String, near needle: String) -> String {
        let chars = Array(line)
        var at = 0
        if let r = line.ranges(of: needle).first ?? line.ranges(of: HeldOutPersonalDataCorpus.escapeNonASCII(needle)).first {
            at = line.distance(from: line.startIndex, to: r.lowerBound)
        }
        let lo = max(0, at - 120), hi = min(chars.count, at + 180)
        return (lo > 0 ? "…" : "") + String(chars[lo..<hi]) + (hi < chars.count ? "…" : "")
    }

    func percent(_ v: Double) -> String {
        let tenths = Int((v * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}

private extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
