import Testing
@testable import SluiceCore

@Suite struct PathAndLabelTextTests {
    @Test func aPathSplitsAtItsLastSlash() {
        #expect(Directory.name(of: "/var/log/app.log") == "app.log")
        #expect(Directory.parent(of: "/var/log/app.log") == "/var/log")
        #expect(Directory.name(of: "app.log") == "app.log")
        #expect(Directory.parent(of: "app.log") == ".")
        #expect(Directory.parent(of: "/app.log") == "/")
        #expect(Directory.name(of: "/var/log/") == "")
        #expect(Directory.name(of: "/logs/Ñandú/día.log") == "día.log")
        #expect(Directory.parent(of: "/logs/Ñandú/día.log") == "/logs/Ñandú")
    }

    /// The kernel splits at every `/` byte, also one a combining mark follows (one
    /// `Character` with the slash, which a split by characters would not see).
    @Test func aSlashBeforeACombiningMarkStillSplits() {
        let path = "/logs/\u{301}app.log"
        #expect(Directory.parent(of: path) == "/logs")
        #expect(Directory.name(of: path) == "\u{301}app.log")
    }

    @Test func labelValuesEscapeBackslashQuoteAndNewline() {
        #expect(PrometheusText.labelValue("/var/log/app.log") == "/var/log/app.log")
        #expect(PrometheusText.labelValue(#"a\b"c"#) == #"a\\b\"c"#)
        #expect(PrometheusText.labelValue("one\ntwo") == #"one\ntwo"#)
        #expect(PrometheusText.labelValue("día") == "día")
    }

    /// `\r\n` is one `Character`: its newline must be escaped all the same, or the sample
    /// line breaks in two.
    @Test func aNewlineAfterACarriageReturnIsEscaped() {
        let escaped = PrometheusText.labelValue("a\r\nb")
        #expect(escaped == "a\r\\nb")
        #expect(!escaped.utf8.contains(0x0A))
    }
}

/// Records of the checkpoint and state files: one line each, whatever their fields hold.
@Suite struct RecordFieldTests {
    @Test func fieldsRoundTripWithTabsNewlinesAndPercents() {
        for field in ["/var/log/app.log", "a\tb", "100%", "line\none", "crlf\r\nend", "%0A literally", "día\u{301}\n"] {
            let escaped = RecordFile.escape(field)
            #expect(!escaped.utf8.contains(0x0A) && !escaped.utf8.contains(0x09), "\(escaped.debugDescription)")
            #expect(RecordFile.unescape(escaped) == field)
        }
    }

    /// `\r\n` is one `Character`: its newline is escaped all the same (else the record, a path
    /// holding it, would be cut in two and the file refused at the next start).
    @Test func aRecordWithACarriageReturnAndNewlineStaysOneRecord() throws {
        let file = RecordFile(path: "/nonexistent/records", magic: "test-records")
        let records = [["/logs/odd\r\nname.log", "1"], ["/logs/app.log", "2"]]
        #expect(try file.decode(file.encode(records)) == records)
    }
}
