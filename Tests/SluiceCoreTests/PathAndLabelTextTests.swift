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
            var body = RecordFileBody()
            body.field(field)
            let escaped = String(decoding: body.bytes, as: UTF8.self)
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

    /// Fields written as bytes read as the `String`s they stand for: text escaped as `%25`,
    /// `%09`, `%0A`; numbers as `String(_:)` and `String(_:radix: 16)` write them.
    @Test func bytesWrittenFieldByFieldAreTheFieldsJoined() throws {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("ab%\t\n\r/é😀0")
        for _ in 0..<300 {
            var body = RecordFileBody()
            var expected: [[String]] = []
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                var record: [String] = []
                for _ in 0..<Int.random(in: 0...5, using: &rng) {
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0:
                        let text = String((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
                        body.field(text)
                        record.append(text)
                    case 1:
                        let value = [Int.min, -1, 0, 9, 10, Int.max, Int.random(in: Int.min...Int.max, using: &rng)].randomElement(using: &rng)!
                        body.field(value)
                        record.append(String(value))
                    case 2:
                        let value = [0, 9, 10, UInt64.max, UInt64.random(in: 0...UInt64.max, using: &rng)].randomElement(using: &rng)!
                        body.field(value)
                        record.append(String(value))
                    default:
                        let value = [0, 15, 16, UInt64.max, UInt64.random(in: 0...UInt64.max, using: &rng)].randomElement(using: &rng)!
                        body.hexField(value)
                        record.append(String(value, radix: 16))
                    }
                }
                body.endRecord()
                expected.append(record)
            }
            let lines = expected.map { record in
                record.map { field in
                    field.unicodeScalars.map { scalar in
                        switch scalar {
                        case "%": "%25"
                        case "\t": "%09"
                        case "\n": "%0A"
                        default: String(scalar)
                        }
                    }.joined()
                }.joined(separator: "\t")
            }
            #expect(body.bytes == Array(lines.map { $0 + "\n" }.joined().utf8))
            #expect(body.records == expected.count)
            // (An empty line is no record: the files never hold one.)
            if !lines.contains("") {
                let file = RecordFile(path: "/nonexistent/records", magic: "test-records")
                #expect(try file.decode(file.encode(body)) == expected)
            }
        }
    }
}
