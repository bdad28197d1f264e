import SluiceCore
import Testing
@testable import SluiceOutputs

@Suite struct IndexTemplateTests {
    @Test func dateUsesTheEventsOwnTimestampAcrossMidnightUTC() throws {
        let template = try IndexTemplate("ai-workflow-logs-%{+YYYY.MM.dd}")
        let before = try parsedEvent(#"{"a":1}"#, timestamp: Instants.lastNanosecondOfNov24)
        let after = try parsedEvent(#"{"a":1}"#, timestamp: Instants.midnightNov25)
        #expect(template.string(for: before) == "ai-workflow-logs-2026.11.24")
        #expect(template.string(for: after) == "ai-workflow-logs-2026.11.25")
        #expect(!template.isConstant)
    }

    /// Names that depend on the time only are rendered once per period and reused; each
    /// event still gets the name of its own instant (midnight, hours, before 1970), and
    /// templates reading fields are rendered per event.
    @Test(arguments: ["logs-%{+YYYY.MM.dd}", "logs-%{+YYYY.MM.dd.HH}", "logs-%{+HH.mm.ss}", "logs-%{+ss.SSS}", "logs-%{level}-%{+YYYY}", "constant"])
    func cachedNamesEqualRenderingEachEvent(template text: String) throws {
        let template = try IndexTemplate(text)
        let day: Int64 = 86_400_000_000_000
        let instants: [Int64] = [
            Instants.lastNanosecondOfNov24, Instants.midnightNov25, Instants.midnightNov25 + 1, Instants.midnightNov25 + 3_599_999_999_999,
            Instants.midnightNov25 + 3_600_000_000_000, Instants.midnightNov25 + 1_500_000_000, Instants.lastNanosecondOfNov24,
            -1, 0, -day, -day - 1, 999_999_999, 1_000_000_000,
        ]
        var names = IndexNameCache()
        for (k, t) in instants.enumerated() {
            let event = try parsedEvent(k % 2 == 0 ? #"{"level":"info"}"# : #"{"level":"warn"}"#, timestamp: t)
            var cached: [UInt8] = []
            _ = names.render(template, event, into: &cached)
            #expect(String(decoding: cached, as: UTF8.self) == template.string(for: event), "\(text) at \(t)")
        }
        #expect((template.period == nil) == (text.contains("%{level}") || text.contains("SSS")), "cached only when the name depends on whole seconds or coarser")
    }

    @Test(arguments: [
        ("YYYY", "2024"), ("yyyy", "2024"), ("yy", "24"), ("xxxx", "2025"), ("xx", "25"),
        ("MM", "12"), ("M", "12"), ("dd", "30"), ("d", "30"), ("DDD", "365"),
        ("HH", "07"), ("H", "7"), ("mm", "08"), ("m", "8"), ("ss", "09"), ("s", "9"),
        ("SSS", "123"), ("SSSSSSSSS", "123456789"), ("ww", "01"), ("w", "1"),
        ("xxxx.ww", "2025.01"), ("yyyy-MM-dd", "2024-12-30"),
    ])
    func everyDateToken(pattern: String, expected: String) throws {
        let template = try IndexTemplate("i-%{+\(pattern)}")
        #expect(template.string(for: try parsedEvent("{}", timestamp: Instants.isoWeekEdge)) == "i-" + expected)
    }

    @Test func fieldReferencesInEverySpelling() throws {
        let event = try parsedEvent(#"{"service":"Checkout","svc":{"name":"api"},"shard":7,"hot":true,"a.b":"dotted"}"#)
        #expect(try IndexTemplate("logs-%{service}").string(for: event) == "logs-checkout")
        #expect(try IndexTemplate("logs-%{[svc][name]}").string(for: event) == "logs-api")
        #expect(try IndexTemplate("logs-%{svc.name}").string(for: event) == "logs-api")
        #expect(try IndexTemplate("logs-%{[service]}-%{shard}-%{hot}").string(for: event) == "logs-checkout-7-true")
        #expect(try IndexTemplate("logs-%{a.b}").string(for: event) == "logs-dotted")
        #expect(try IndexTemplate("%{service}-%{+YYYY.MM}").string(for: event) == "checkout-2026.11")
    }

    @Test func escapedStringsAreDecodedThenSanitised() throws {
        let event = try parsedEvent(#"{"s":"A\/B \"q\" \u00e9t\u00e9,#*?<>|:x\\y"}"#)
        // "/" " " "\"" ... each become "_"; é (two bytes) becomes one "_".
        #expect(try IndexTemplate("x-%{s}").string(for: event) == "x-a_b__q___t_________x_y")
    }

    @Test func missingNullObjectArrayAndEmptyUseTheFallback() throws {
        let event = try parsedEvent(#"{"n":null,"o":{"k":1},"l":[1],"e":"","only":"***"}"#)
        for ref in ["absent", "n", "o", "l", "e", "[o][missing]"] {
            let template = try IndexTemplate("logs-%{\(ref)}")
            var out: [UInt8] = []
            #expect(template.render(event, into: &out) == false, "\(ref)")
            #expect(text(out) == "logs-unknown", "\(ref)")
        }
        var out: [UInt8] = []
        #expect(try IndexTemplate("logs-%{only}", fallback: "none").render(event, into: &out))
        #expect(text(out) == "logs-___")
        #expect(try IndexTemplate("logs-%{absent}", fallback: "none").string(for: event) == "logs-none")
    }

    @Test func nameRulesApplyAfterSubstitution() throws {
        let event = try parsedEvent(#"{"lead":"__-+Svc","dots":"..","long":"\#(String(repeating: "a", count: 300))"}"#)
        #expect(try IndexTemplate("%{lead}-x").string(for: event) == "svc-x")
        #expect(try IndexTemplate("%{dots}").string(for: event) == "unknown")
        #expect(try IndexTemplate("%{lead}").string(for: try parsedEvent(#"{"lead":"_"}"#)) == "unknown")
        let long = try IndexTemplate("l-%{long}").string(for: event)
        #expect(long.utf8.count == 255)
        #expect(long == "l-" + String(repeating: "a", count: 253))
        // A literal with non-ASCII text is cut on a character boundary, never inside one.
        let wide = try IndexTemplate("é-%{long}").string(for: event)
        #expect(wide.utf8.count == 255 && wide.hasPrefix("é-"))
        let cut = try IndexTemplate("%{long}é").string(for: event)
        #expect(cut.utf8.count == 255 && !cut.contains("\u{FFFD}"))
        // 1 + 253 + 2 bytes: byte 255 is inside "é", so the cut falls before it.
        let cutAcross = try IndexTemplate("%{one}\(String(repeating: "b", count: 253))é")
            .string(for: try parsedEvent(#"{"one":"c"}"#))
        #expect(cutAcross == "c" + String(repeating: "b", count: 253))
    }

    @Test func renderAppendsWithoutTouchingWhatIsBefore() throws {
        var out = Array("prefix:".utf8)
        try IndexTemplate("%{lead}").render(try parsedEvent(#"{"lead":"-x"}"#), into: &out)
        #expect(text(out) == "prefix:x")
    }

    @Test(arguments: [
        ("", IndexTemplateError.empty),
        ("logs-%{service", .unterminatedReference("service")),
        ("logs-%{}", .emptyReference),
        ("logs-%{+YYYY.MMM}", .badDatePattern("YYYY.MMM", .unsupportedWidth(letter: "M", width: 3))),
        ("logs-%{+}", .badDatePattern("", .empty)),
        ("logs-%{+yyyy-MM-dd'T'HH}", .forbiddenCharacter("+yyyy-MM-dd'T'HH")),
        ("logs-%{[a]b}", .badFieldPath("[a]b")),
        ("Logs-%{+YYYY}", .forbiddenCharacter("Logs-")),
        ("logs,x", .forbiddenCharacter("logs,x")),
        ("a b", .forbiddenCharacter("a b")),
        ("_logs", .forbiddenStart),
        ("-logs", .forbiddenStart),
        (String(repeating: "a", count: 256), .tooLong),
    ] as [(String, IndexTemplateError)])
    func compileErrors(template: String, expected: IndexTemplateError) {
        #expect(throws: expected) { try IndexTemplate(template) }
    }

    @Test func fallbackMustBeAValidName() {
        #expect(throws: IndexTemplateError.badFallback("_unknown")) { try IndexTemplate("x-%{a}", fallback: "_unknown") }
        #expect(throws: IndexTemplateError.badFallback("Unknown")) { try IndexTemplate("x-%{a}", fallback: "Unknown") }
        #expect(throws: IndexTemplateError.badFallback("")) { try IndexTemplate("x-%{a}", fallback: "") }
    }

    @Test func errorDescriptionsNameTheProblem() {
        #expect(IndexTemplateError.unterminatedReference("svc").description == "\"%{svc\" is not closed with }")
        #expect(IndexTemplateError.forbiddenStart.description == "index names must not start with -, _ or +")
    }

    @Test func aLonePercentIsLiteral() throws {
        let template = try IndexTemplate("a%b-%{+yyyy}")
        #expect(template.string(for: try parsedEvent("{}")) == "a%b-2026")
        #expect(try IndexTemplate("static-name").isConstant)
    }
}
