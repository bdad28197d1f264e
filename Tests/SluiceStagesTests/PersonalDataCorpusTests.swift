import Testing
import SluiceCore
@testable import SluiceStages

/// Recall and false positives of `person_name`, `address` and `date_of_birth` on 3,000
/// independently generated, labelled lines (``PersonalDataCorpus``): recall ≥ 90 % per rule
/// and at most 0.1 % of look-alikes altered.
///
/// - A piece is found when no form of its text (raw, `\u`-escaped, or inside a JSON string)
///   remains as a whole word in the output line, and the line holds at least as many
///   `[REDACTED:<rule>]` masks as required pieces of that rule. "Whole" recall further asks
///   that every word of the piece is gone (nothing of the name, address or date left).
/// - False positives are masks of a rule beyond what the labelled pieces may take; the rate
///   is per decoy. Decoys must survive byte for byte.
@Suite struct PersonalDataCorpusTests {
    static let rules = ["person_name", "address", "date_of_birth"]
    static let examples = 5

    static func count(_ needle: [UInt8], in hay: [UInt8], words: Bool) -> Int {
        guard !needle.isEmpty, hay.count >= needle.count else { return 0 }
        func wordByte(_ b: UInt8) -> Bool { b >= 0x80 || (b >= 48 && b <= 57) || ((b | 0x20) >= 97 && (b | 0x20) <= 122) }
        var n = 0, i = 0
        while i <= hay.count - needle.count {
            if hay[i] == needle[0] && hay[i..<(i + needle.count)].elementsEqual(needle) {
                let j = i + needle.count
                // A letter after an escape (`\n`, `\t`) is no part of a word.
                let before = i == 0 || !wordByte(hay[i - 1]) || !wordByte(needle[0]) || (i >= 2 && hay[i - 2] == 92 && [110, 116, 114].contains(hay[i - 1]))
                let after = j == hay.count || !wordByte(hay[j]) || !wordByte(needle[needle.count - 1])
                if !words || (before && after) {
                    n += 1
                    i = j
                    continue
                }
            }
            i += 1
        }
        return n
    }

    static func occurrences(_ s: String, in hay: [UInt8]) -> Int {
        PersonalDataCorpus.forms(s).reduce(0) { $0 + count(Array($1.utf8), in: hay, words: true) }
    }

    static func excerpt(_ hay: [UInt8], around needle: String) -> String {
        let forms = PersonalDataCorpus.forms(needle).map { Array($0.utf8) }
        var at = 0
        search: for i in 0..<hay.count {
            for f in forms where hay[i...].starts(with: f) { at = i; break search }
        }
        let lo = max(0, at - 140), hi = min(hay.count, at + 160)
        return (lo > 0 ? "…" : "") + String(decoding: hay[lo..<hi], as: UTF8.self) + (hi < hay.count ? "…" : "")
    }

    @Test func recallAndFalsePositivesOnPersonalData() throws {
        var corpus = PersonalDataCorpus(seed: 20_261_124_07)
        let lines = (0..<3_000).map { _ in corpus.line() }
        let (batch, _) = RedactHarness.run(lines.map(\.text))
        #expect(batch.events.count == lines.count)
        #expect(batch.deadLetters.isEmpty)
        var total: [String: Int] = [:], found: [String: Int] = [:], whole: [String: Int] = [:], extra: [String: Int] = [:]
        var byContext: [String: (total: Int, missed: Int)] = [:]
        var missed: [String: [String]] = [:]
        var decoysTotal = 0, decoysLost = 0, unparsable = 0, unplaced = 0
        var lost: [String] = []
        var lostKinds: [String: Int] = [:]
        for (line, event) in zip(lines, batch.events) {
            let out = RedactHarness.json(event)
            let outBytes = Array(out.utf8), inBytes = Array(line.text.utf8)
            if (try? JSONObject(parsing: ArraySlice(outBytes))) == nil { unparsable += 1 }
            var masks: [String: Int] = [:], required: [String: Int] = [:], allowed: [String: Int] = [:]
            for rule in Self.rules { masks[rule] = Self.count(Array("[REDACTED:\(rule)]".utf8), in: outBytes, words: false) }
            for item in line.items {
                allowed[item.rule, default: 0] += item.maxMasks
                if item.required { required[item.rule, default: 0] += 1 }
            }
            // Pieces whose text is gone count as found up to the number of masks of their rule
            // (a piece removed by another rule's mask is not found by this one).
            var credit = masks
            for item in line.items where item.required {
                if Self.occurrences(item.label, in: inBytes) == 0 { unplaced += 1 }
                total[item.rule, default: 0] += 1
                let gone = Self.occurrences(item.label, in: outBytes) == 0
                let ok = gone && credit[item.rule]! > 0
                if ok { credit[item.rule]! -= 1 }
                if ok { found[item.rule, default: 0] += 1 }
                if ok && item.words.allSatisfy({ Self.occurrences($0, in: outBytes) < Self.occurrences($0, in: inBytes) }) {
                    whole[item.rule, default: 0] += 1
                }
                for key in ["cue \(item.cue)", "format \(item.format)", "place \(item.place)"] {
                    byContext["\(item.rule) | \(key)", default: (0, 0)].total += 1
                    if !ok { byContext["\(item.rule) | \(key)", default: (0, 0)].missed += 1 }
                }
                if !ok && missed[item.rule, default: []].count < Self.examples {
                    missed[item.rule, default: []].append("«\(item.label)» [\(item.cue); \(item.format); \(item.place)] masks \(masks[item.rule]!)/\(required[item.rule]!): \(Self.excerpt(outBytes, around: item.label))")
                }
            }
            for rule in Self.rules where masks[rule]! > allowed[rule, default: 0] {
                extra[rule, default: 0] += masks[rule]! - allowed[rule, default: 0]
            }
            for decoy in line.decoys {
                decoysTotal += 1
                if !PersonalDataCorpus.forms(decoy.text).contains(where: { out.contains($0) }) {
                    decoysLost += 1
                    lostKinds[decoy.kind, default: 0] += 1
                    if lost.count < Self.examples { lost.append("«\(decoy.text)» (\(decoy.kind)) in: \(String(out.prefix(700)))") }
                }
            }
        }
        func percent(_ v: Double) -> String {
            let hundredths = Int((v * 10_000).rounded())
            return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)%"
        }
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
        print("personal-data corpus: \(lines.count) lines, \(total.values.reduce(0, +)) labelled pieces, \(decoysTotal) decoys")
        print("rule             pieces   found   recall    whole   extra masks   FP/decoy")
        for rule in Self.rules {
            let t = total[rule, default: 0], f = found[rule, default: 0], w = whole[rule, default: 0], x = extra[rule, default: 0]
            print(rule.padding(toLength: 14, withPad: " ", startingAt: 0) + pad("\(t)", 9) + pad("\(f)", 8)
                + pad(percent(t == 0 ? 0 : Double(f) / Double(t)), 9) + pad(percent(t == 0 ? 0 : Double(w) / Double(t)), 9)
                + pad("\(x)", 14) + pad(percent(Double(x) / Double(decoysTotal)), 11))
        }
        let decoyRate = Double(decoysLost) / Double(decoysTotal)
        print("decoys altered: \(decoysLost) of \(decoysTotal) (\(percent(decoyRate)))" + (lostKinds.isEmpty ? "" : " by kind: \(lostKinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))"))
        print("misses by context (missed/total):")
        for (key, v) in byContext.sorted(by: { $0.key < $1.key }) where v.missed > 0 { print("  \(key): \(v.missed)/\(v.total)") }
        for rule in Self.rules {
            for m in missed[rule, default: []] { print("missed \(rule): \(m)") }
        }
        for l in lost { print("altered decoy: \(l)") }
        #expect(unparsable == 0, "output lines that are not JSON")
        #expect(unplaced == 0, "labels absent from their own input line (generator bug)")
        for rule in Self.rules {
            let t = total[rule, default: 0]
            #expect(t >= 300, "too few \(rule) pieces")
            let recall = t == 0 ? 0 : Double(found[rule, default: 0]) / Double(t)
            #expect(recall >= 0.90, "\(rule) recall \(percent(recall)); e.g. \(missed[rule, default: []])")
        }
        #expect(decoyRate <= 0.001, "decoys altered \(percent(decoyRate)): \(lost)")
    }
}
