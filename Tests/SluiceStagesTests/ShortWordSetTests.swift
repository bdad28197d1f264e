import Testing
import SluiceTestSupport
@testable import SluiceStages

/// ``ShortWordSet`` answers as a set of the words' bytes asked with the span lowercased.
@Suite struct ShortWordSetTests {
    static let words = ["v", "ok", "n/a", "cuda", "jpeg", "python", "openssl", "firmware", "revision", "tensorflow",
                        "sdk_version", "transformers", "release_version", "abcdefghijklmnop"]

    func contains(_ set: ShortWordSet, _ text: String, _ start: Int, _ end: Int) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { set.contains(Bytes($0.baseAddress!, $0.count), start, end) }
    }

    @Test func findsEachWordInAnyCaseWithinText() {
        let set = ShortWordSet(Self.words)
        for word in Self.words {
            let text = "x " + word.uppercased() + ": 1.2.3.4"
            #expect(contains(set, text, 2, 2 + word.utf8.count), "\(word)")
            #expect(contains(set, word, 0, word.utf8.count), "\(word)")
            // A prefix or a longer span is not the word.
            #expect(!contains(set, text, 2, 1 + word.utf8.count) || Self.words.contains(String(word.dropLast())), "\(word)")
            #expect(!contains(set, text, 2, 3 + word.utf8.count), "\(word)")
        }
        #expect(!contains(set, "", 0, 0))
        #expect(!contains(set, "abcdefghijklmnopq", 0, 17))
    }

    @Test func answersAsASetOfTheLowercasedBytes() {
        let set = ShortWordSet(Self.words)
        let reference = Set(Self.words.map { Array($0.utf8) })
        var random = SplitMix(seed: 0x5E7)
        let alphabet = Array("aAbBcCdDeEfFnNoOpPsStTvV_/1".utf8)
        for _ in 0..<20_000 {
            var bytes = (0..<Int.random(in: 1...18, using: &random)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
            if Bool.random(using: &random) {
                bytes = Array(Self.words[Int.random(in: 0..<Self.words.count, using: &random)].utf8)
                if Bool.random(using: &random), let k = bytes.indices.randomElement(using: &random) { bytes[k] ^= 0x20 }
            }
            let lowered = bytes.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }
            let found = bytes.withUnsafeBufferPointer { set.contains(Bytes($0.baseAddress!, $0.count), 0, $0.count) }
            #expect(found == reference.contains(lowered), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }
}
