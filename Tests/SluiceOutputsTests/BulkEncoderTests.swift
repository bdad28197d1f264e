import SluiceCore
import Testing
@testable import SluiceOutputs

@Suite struct BulkEncoderTests {
    /// fileID → stable file key, as the tailer puts it in each event's origin.
    static func fileKey(_ id: UInt32) -> UInt64 { id == 1 ? 7 : 0xDEAD_BEEF }

    @Test func goldenCreateBody() throws {
        let encoder = BulkEncoder(index: try IndexTemplate("logs-%{service}-%{+YYYY.MM.dd}"))
        let escaped = #"{"@timestamp":"2026-11-24T23:59:59Z","service":"Checkout","msg":"say \"hi\"\n\u00e9 \\ done"}"#
        let events = [
            try parsedEvent(escaped, timestamp: Instants.midnightNov25, fileID: 1, offset: 0),
            try parsedEvent(#"{"service":"api","n":1}"#, timestamp: Instants.lastNanosecondOfNov24, fileID: 1, offset: 57),
            Event("not json", origin: Origin(fileID: 2, offset: 4096, length: 9), readTime: Instants.midnightNov25),
            try parsedEvent("{ }", timestamp: Instants.isoWeekEdge, fileID: 1, offset: 120),
        ]
        var out: [UInt8] = []
        let keyed = events.map { event in
            var event = event
            event.origin.fileKey = Self.fileKey(event.origin.fileID)
            return event
        }
        let fallbacks = encoder.encode(keyed, into: &out)
        // Ids from the reference implementation of the scheme (Python, see DocumentIDTests).
        let expected = """
            {"create":{"_index":"logs-checkout-2026.11.25","_id":"Yl-LDYwX7hWGvNnpmacA"}}
            \(escaped)
            {"create":{"_index":"logs-api-2026.11.24","_id":"ixbejq8wdGRMBl_kGUz_"}}
            {"service":"api","n":1,"@timestamp":"2026-11-24T23:59:59.999999999Z"}
            {"create":{"_index":"logs-unknown-2026.11.25","_id":"UH73hy9f9juw3VcxxNMy"}}
            {"message":"not json","@timestamp":"2026-11-25T00:00:00.000000000Z"}
            {"create":{"_index":"logs-unknown-2024.12.30","_id":"v2C9eYmZd3CxzIB4k2f4"}}
            { "@timestamp":"2024-12-30T07:08:09.123456789Z"}

            """
        #expect(text(out) == expected)
        #expect(fallbacks == 2)
        // Every line is one valid JSON object.
        for line in out.split(separator: 0x0A) {
            #expect(throws: Never.self) { _ = try JSONObject(parsing: line) }
        }
    }

    @Test func indexActionAndConstantIndex() throws {
        let encoder = BulkEncoder(action: .index, index: try IndexTemplate("logs-%{+YYYY.MM.dd}"))
        var out: [UInt8] = []
        #expect(encoder.encode(try parsedEvent(#"{"a":"b"}"#, offset: 0), fileKey: 0, into: &out))
        #expect(text(out) == """
            {"index":{"_index":"logs-2026.11.25","_id":"Y5PVHAbGGNxCoAyU_92C"}}
            {"a":"b","@timestamp":"2026-11-25T00:00:00.000000000Z"}

            """)
    }

    @Test func modifiedEventsAndNestedTimestampsStillGetATopLevelOne() throws {
        var event = try parsedEvent(#"{"x":{"@timestamp":1},"drop":true}"#, timestamp: Instants.midnightNov25)
        event.fields.remove(FieldPath("drop")!)
        event.fields.setString(FieldPath("added")!, "v")
        var out: [UInt8] = []
        var time = RFC3339NanosWriter()
        BulkEncoder(index: try IndexTemplate("i")).appendDocument(event, time: &time, into: &out)
        #expect(text(out) == #"{"x":{"@timestamp":1},"added":"v","@timestamp":"2026-11-25T00:00:00.000000000Z"}"#)
    }

    @Test func appendsToAnExistingBody() throws {
        var out = Array("already\n".utf8)
        var event = try parsedEvent(#"{"@timestamp":"t"}"#)
        event.origin.fileKey = 1
        BulkEncoder(index: try IndexTemplate("i")).encode([event], into: &out)
        #expect(text(out).hasPrefix("already\n{\"create\":{\"_index\":\"i\",\"_id\":\""))
        #expect(text(out).hasSuffix("\"}}\n{\"@timestamp\":\"t\"}\n"))
    }
}

@Suite struct DocumentIDTests {
    /// Vectors from an independent Python implementation of the documented scheme.
    @Test(arguments: [
        (UInt64(0), UInt64(0), "Y5PVHAbGGNxCoAyU_92C"),
        (1, 0, "jYJ1E5n1XVRsZzuKgmB4"),
        (0, 1, "Ojx_itFnYloAO5eo_f2B"),
        (0xDEAD_BEEF, 4096, "UH73hy9f9juw3VcxxNMy"),
        (UInt64.max, UInt64.max, "oFXojtXJD4bfzF5GH6rN"),
    ])
    func matchesTheReferenceImplementation(key: UInt64, offset: UInt64, expected: String) {
        #expect(DocumentID.string(fileKey: key, offset: offset) == expected)
    }

    @Test func sameInputSameID() {
        for offset: UInt64 in [0, 1, 57, 1 << 40] {
            #expect(DocumentID.string(fileKey: 42, offset: offset) == DocumentID.string(fileKey: 42, offset: offset))
        }
    }

    @Test func tenThousandOffsetsGiveTenThousandIDs() {
        var ids = Set<String>()
        var offset: UInt64 = 0
        for i in 0..<10_000 {
            ids.insert(DocumentID.string(fileKey: 0x1234_5678_9ABC_DEF0, offset: offset))
            offset += UInt64(80 + i % 37)  // line-like spacing
        }
        #expect(ids.count == 10_000)
    }

    @Test func differentFilesAtTheSameOffsetDiffer() {
        let ids = Set((0..<10_000 as Range<UInt64>).map { DocumentID.string(fileKey: $0, offset: 0) })
        #expect(ids.count == 10_000)
    }

    @Test func idsAreTwentyBase64URLCharacters() {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        for offset: UInt64 in 0..<1000 {
            var out: [UInt8] = []
            DocumentID.append(fileKey: 9, offset: offset, to: &out)
            #expect(out.count == DocumentID.length)
            #expect(out.allSatisfy(alphabet.contains))
        }
    }
}
