import Testing
@testable import SluiceStages

/// Where the masked end of a cut line starts (``CutEnd``): the trailing token, grouped
/// numbers with it, nothing when the cut falls after a word.
@Suite struct CutEndTests {
    func masked(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { p in CutEnd.start(in: p).map { String(decoding: bytes[$0...], as: UTF8.self) } }
    }

    @Test(arguments: [
        ("lorem ipsum consec", "consec"),
        (#"{"a":"b","email":"user33.leak@exa"#, "user33.leak@exa"),
        ("url https://user:pa", "https://user:pa"),
        ("pair password=hun", "password=hun"),
        ("card 4111 1111 1111 11", "4111 1111 1111 11"),
        ("card 4111 1111 1111 ", "4111 1111 1111 "),
        ("iban DE89 3704 0044 0", "DE89 3704 0044 0"),
        ("call +1 (415) 555-2", "+1 (415) 555-2"),
        ("KEY AKIAP5B35X", "AKIAP5B35X"),
        ("ip 10.1.2", "10.1.2"),
        ("日本 東京", "東京"),
        ("x", "x"),
        // The text of a cut JSON line: a JSON escape for whitespace ends the token.
        (#"{"msg":"line one\nalice@exa"#, "alice@exa"),
        (#"{"msg":"a\tcard 4111 1111 11"#, "4111 1111 11"),
    ])
    func theTrailingTokenAndItsNumberGroups(_ text: String, _ expected: String) {
        #expect(masked(text) == expected)
    }

    @Test(arguments: ["", "lorem ipsum ", #"{"a":""#, "lorem,", "a\t", "4111  ", #"{"msg":"line one\n"#])
    func nothingTouchesACutAfterAWord(_ text: String) {
        #expect(masked(text) == nil)
    }

    @Test func aLongTokenGoesWholeButGroupsReachOnlySoFar() {
        let token = "eyJ" + String(repeating: "a", count: 5_000)
        #expect(masked("jwt " + token) == token)
        let groups = Array(repeating: "1234", count: 20).joined(separator: " ")
        let end = masked("n " + groups)!
        #expect(end.count <= CutEnd.groupReach + 4)
        #expect(end.hasSuffix("1234 1234"))
    }
}
