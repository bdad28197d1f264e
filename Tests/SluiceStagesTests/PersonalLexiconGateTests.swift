import Testing
import SluiceTestSupport
@testable import SluiceStages

/// The gate in front of the personal-data lookup of a small word (``PersonalDataDetector/mayStart(_:_:_:gate:)``):
/// every cue passes it, in any case after its first letter, and the words its second set of
/// bits (second and last but one letters) passes over are words the lookup finds nothing for.
@Suite struct PersonalLexiconGateTests {
    static let cues: [String] = PersonalLexicon.cueWords
        .filter { $0.1 & PersonalLexicon.lowercaseCues != 0 && $0.0.utf8.allSatisfy { $0 < 0x80 } }
        .map(\.0)

    func mayStart(_ word: String, followedBy next: String = " ") -> Bool {
        let bytes = Array((word + next).utf8)
        return bytes.withUnsafeBufferPointer { p in
            PersonalDataDetector.mayStart(Bytes(p.baseAddress!, p.count), 0, word.utf8.count, gate: PersonalLexicon.lowercaseGate)
        }
    }

    /// The first set of bits alone, as the gate was before the second set.
    static func firstSetPasses(_ s: Bytes, _ start: Int, _ end: Int) -> Bool {
        let i = PersonalLexicon.gateIndex(s[start], s[end - 1], end - start)
        return PersonalLexicon.lowercaseGate[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    @Test func everyCuePasses() {
        #expect(Self.cues.count > 150)
        for cue in Self.cues {
            #expect(mayStart(cue), "\(cue)")
            // Case does not matter after the first letter (`tO:`, `reGARDS`).
            let mixed = String(cue.prefix(1)) + cue.dropFirst().uppercased()
            #expect(mayStart(mixed), "\(mixed)")
        }
    }

    @Test func wordsOfURLsAndMessagesThatShareFirstAndLastLettersWithACueArePassedOver() {
        // As `eircode`, `contact`, `square`: the first set passes these.
        for word in ["example", "context", "source"] {
            let bytes = Array(word.utf8)
            bytes.withUnsafeBufferPointer { p in
                #expect(Self.firstSetPasses(Bytes(p.baseAddress!, p.count), 0, p.count), "\(word)")
            }
            #expect(!mayStart(word), "\(word)")
        }
    }

    /// Over the corpora's lines, at every lowercase word the scanner could hand to the
    /// lookup (not a key written in text, which is looked up whatever the gate says): when
    /// the first set passes it and the second does not, the lookup (every rule enabled) finds
    /// nothing there. So the second set changes no answer, only the work.
    @Test func theWordsTheSecondSetPassesOverAreWordsTheLookupFindsNothingFor() {
        var redact = RedactCorpus(seed: 20_261_207)
        var personal = PersonalDataCorpus(seed: 20_261_208)
        var heldOut = HeldOutPersonalDataCorpus(seed: 20_261_209)
        var lines: [String] = []
        for _ in 0..<400 {
            lines.append(redact.line().text)
            lines.append(personal.line().text)
            lines.append(heldOut.line().text)
        }
        var enabled = DetectorSet()
        enabled.bits = .max
        var passedOver = 0
        for line in lines {
            let bytes = Array(line.utf8)
            bytes.withUnsafeBufferPointer { p in
                let s = Bytes(p.baseAddress!, p.count)
                var i = 0
                while i < p.count {
                    guard s.isWord(i) else {
                        i += 1
                        continue
                    }
                    var end = i + 1
                    while end < p.count && s.isWord(end) { end += 1 }
                    if s[i] &- 0x61 < 26, !PersonalDataDetector.mayBeKey(s, i, end), Self.firstSetPasses(s, i, end),
                        !PersonalDataDetector.mayStart(s, i, end, gate: PersonalLexicon.lowercaseGate)
                    {
                        passedOver += 1
                        let found = PersonalDataDetector.match(s, i, end, enabled: enabled, lowerBound: 0)
                        #expect(found == nil, "\(String(decoding: bytes[i..<end], as: UTF8.self)) in \(line)")
                    }
                    i = end
                }
            }
        }
        // The corpora do hold such words: the check is not empty.
        #expect(passedOver > 500)
    }
}
