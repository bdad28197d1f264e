import Testing
@testable import SluiceCore

/// PCRE2 through ``BoundedRegex``: UTF-8 byte ranges, compile errors with offsets, and searches
/// that give up at their limits instead of backtracking without end.
@Suite struct BoundedRegexTests {
    func first(_ pattern: String, _ text: [UInt8], from start: Int = 0, limits: BoundedRegex.Limits = .init(), scratch: RegexScratch = RegexScratch()) throws -> BoundedRegex.Outcome {
        let regex = try BoundedRegex(pattern, limits: limits)
        return text.withUnsafeBufferPointer { regex.firstMatch(in: $0, from: start, using: scratch) }
    }

    func first(_ pattern: String, _ text: String, from start: Int = 0) throws -> BoundedRegex.Outcome {
        try first(pattern, Array(text.utf8), from: start)
    }

    @Test(arguments: [
        // Byte offsets after 2-, 3- and 4-byte characters.
        ("EMP-[0-9]+", "é日🎉 EMP-42", 10..<16),
        // `.` is one character, so one 4-byte emoji; the match covers its 4 bytes.
        ("x.y", "ax🎉y", 1..<7),
        ("^é+$", "ééé", 0..<6),
        ("[^a]b", "日b", 0..<4),
        ("a.c", "a\nc", 0..<3),
    ])
    func matchesAreUTF8ByteRanges(_ pattern: String, _ text: String, _ range: Range<Int>) throws {
        #expect(try first(pattern, text) == .match(range))
    }

    @Test func searchesStartAtAByteOffsetAndStillSeeWhatIsBefore() throws {
        #expect(try first("[0-9]+", "a1 b22", from: 2) == .match(4..<6))
        #expect(try first("(?<=b)2+", "a1 b22", from: 4) == .match(4..<6))
        #expect(try first("\\b2", "a1 b22", from: 5) == .noMatch)
        #expect(try first("^a", "a1 b22", from: 1) == .noMatch)
    }

    @Test func dollarMatchesOnlyAtTheVeryEnd() throws {
        #expect(try first("a$", "a\n") == .noMatch)
        #expect(try first("a$", "ba") == .match(1..<2))
    }

    @Test func invalidUTF8InTheTextNeverMatchesButDoesNotStopTheSearch() throws {
        #expect(try first("b.c", [0x61, 0xFF, 0x62, 0xFE, 0x63, 0x62, 0x78, 0x63]) == .match(5..<8))
        #expect(try first("x", [UInt8]()) == .noMatch)
    }

    @Test(arguments: [
        ("a(b", "invalid regular expression at offset 3: missing closing parenthesis"),
        ("([a-z", "invalid regular expression at offset 5: missing terminating ] for character class"),
        ("a{2,1}", "invalid regular expression at offset 5: numbers out of order in {} quantifier"),
        ("x\\<y", "invalid regular expression at offset 1: \\< and \\> are not supported; write \\b for a word boundary"),
        ("a\\Cb", "invalid regular expression at offset 3: using \\C is disabled by the application"),
    ])
    func compileErrorsCarryPCRE2sMessageAndTheOffset(_ pattern: String, _ expected: String) {
        #expect(throws: BoundedRegex.CompileError.self) { try BoundedRegex(pattern) }
        do {
            _ = try BoundedRegex(pattern)
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test(arguments: ["[\\<]", "\\Q\\<\\E", "\\\\<", "[[:alpha:]<]"])
    func glibcWordBoundaryLookAlikesAreAcceptedWhereTheyMeanSomethingElse(_ pattern: String) throws {
        _ = try BoundedRegex(pattern)
    }

    /// `(a+)+$` on 40 `a`s and a `b` needs ~2^40 steps: the search gives up at the match limit,
    /// says so, and the scratch counts it.
    @Test func catastrophicBacktrackingStopsAtTheMatchLimit() throws {
        let scratch = RegexScratch()
        let text = Array(String(repeating: "a", count: 40).utf8) + [UInt8(ascii: "b")]
        #expect(try first("(a+)+$", text, scratch: scratch) == .limitHit(.match))
        #expect(try first("(a+)+$", text, scratch: scratch) == .limitHit(.match))
        #expect(scratch.limitHits == 2)
        // An ordinary search through the same scratch is unaffected.
        #expect(try first("a+b", text, scratch: scratch) == .match(0..<41))
        #expect(scratch.limitHits == 2)
    }

    @Test func aLowerMatchLimitStopsOrdinaryBacktrackingToo() throws {
        // ~45,000 steps from the first start: under the default limit, over a limit of 100.
        let text = Array(String(repeating: "x", count: 300).utf8)
        #expect(try first("x+x+[yz]", text, limits: .init(match: 100)) == .limitHit(.match))
        #expect(try first("x+x+[yz]", text) == .noMatch)
    }

    /// PCRE2 counts its match limit per starting position: a pattern that stays under it at
    /// every start (here ~45,000 steps each) would still run for seconds over 20 KB. The
    /// search shares one total budget between its positions and gives up.
    @Test func aSearchUnderTheLimitAtEveryStartStillGivesUpOverALongValue() throws {
        let digits = Array(String(repeating: "7", count: 20_000).utf8)
        #expect(try first("\\d{1,300}\\d{1,300}[^0-9]", digits) == .limitHit(.match))
        // The same pattern over a short value stays within its budget and finds no match.
        #expect(try first("\\d{1,300}\\d{1,300}[^0-9]", Array(digits.prefix(40))) == .noMatch)
        // Ordinary patterns over a long value cost a few steps per position.
        #expect(try first("ACME-[0-9]{8}", digits + Array("ACME-12345678".utf8)) == .match(20_000..<20_013))
    }

    @Test func aScratchServesManyExpressions() throws {
        let scratch = RegexScratch()
        let a = try BoundedRegex("[0-9]+")
        let b = try BoundedRegex("[a-z]+")
        let text = Array("12ab".utf8)
        text.withUnsafeBufferPointer { p in
            #expect(a.firstMatch(in: p, using: scratch) == .match(0..<2))
            #expect(b.firstMatch(in: p, using: scratch) == .match(2..<4))
            #expect(a.matches(p, using: scratch))
        }
    }
}
