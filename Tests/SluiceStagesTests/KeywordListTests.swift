import Testing
import SluiceTestSupport
@testable import SluiceStages

/// The context-word look-behind over a ``KeywordList`` (words grouped by first byte) finds
/// what trying every word at every place of the window finds.
@Suite struct KeywordListTests {
    static let lists: [KeywordList] = [
        PhoneDetector.keywords, PhoneDetector.shortWords, CreditCardDetector.keywords, FranceNIRDetector.keywords,
        IPv4Detector.upgradeVerbs, ["é", "ém", "émail", "", "a", "ab", "b", "[redacted"],
    ]

    /// Every word at every place, as the look-behind was written before the grouping.
    func naive(_ s: Bytes, before i: Int, window: Int, _ list: KeywordList, hasWord: Bool) -> Bool {
        let lo = max(0, i - window)
        guard lo < i else { return false }
        for k in lo..<i {
            for word in list.words where word.utf8CodeUnitCount > 0 && k + word.utf8CodeUnitCount <= i && s.hasPrefixIgnoringCase(word, at: k) {
                let count = word.utf8CodeUnitCount
                if hasWord ? s.letterEdge(k) && s.letterEdge(k + count) && !s.insideMask(k) : !s.insideMask(k) { return true }
            }
        }
        return false
    }

    @Test func groupedLookBehindFindsWhatEveryWordEverywhereFinds() {
        var random = SplitMix(seed: 0x0C0_FFEE)
        let pieces = ["phone", "Tel", "tel:", "mob ", "card", "CC", "nir", "upgraded", "to", " ", "-", "é", "émail", "É", "[REDACTED:phone]",
                      "ab", "x", "7", "call me", "numéro", "contact", "visa", "\u{00E9}m", "B", "fax", "\\n"]
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...9, using: &random) { text += pieces[Int.random(in: 0..<pieces.count, using: &random)] }
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { p in
                let s = Bytes(p.baseAddress!, p.count)
                let i = Int.random(in: 0...p.count, using: &random)
                let window = Int.random(in: 0...40, using: &random)
                for list in Self.lists {
                    #expect(s.windowContains(before: i, window: window, list) == naive(s, before: i, window: window, list, hasWord: false), "\(text) \(i) \(window)")
                    #expect(s.windowHasWord(before: i, window: window, list) == naive(s, before: i, window: window, list, hasWord: true), "\(text) \(i) \(window)")
                }
            }
        }
    }
}
