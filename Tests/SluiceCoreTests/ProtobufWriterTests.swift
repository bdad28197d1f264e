import Testing
@testable import SluiceCore

/// The wire format as the protobuf encoding guide gives it, and nested lengths that need one,
/// two and three varint bytes (the writer widens its one-byte reservation).
@Suite struct ProtobufWriterTests {
    @Test func varintsAndTagsAreWrittenAsTheEncodingGuideShows() {
        var out: [UInt8] = []
        ProtobufWriter.appendVarintField(1, 150, to: &out)
        #expect(out == [0x08, 0x96, 0x01])
        out = []
        ProtobufWriter.appendStringField(2, "testing", to: &out)
        #expect(out == [0x12, 0x07] + Array("testing".utf8))
        out = []
        ProtobufWriter.appendVarintField(3, UInt64(bitPattern: -2), to: &out)
        #expect(out == [0x18, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        out = []
        ProtobufWriter.appendFixed64Field(1, 0x0102_0304_0506_0708, to: &out)
        #expect(out == [0x09, 8, 7, 6, 5, 4, 3, 2, 1])
        out = []
        ProtobufWriter.appendFixed32Field(8, 1, to: &out)
        #expect(out == [0x45, 1, 0, 0, 0])
        #expect(ProtobufWriter.zigZag(-1) == 1 && ProtobufWriter.zigZag(1) == 2 && ProtobufWriter.zigZag(.min) == .max)
        for v: UInt64 in [0, 1, 127, 128, 16383, 16384, 1 << 35, .max] {
            out = []
            ProtobufWriter.appendVarint(v, to: &out)
            #expect(out.count == ProtobufWriter.varintSize(v))
        }
    }

    @Test(arguments: [0, 1, 127, 128, 300, 16383, 16384, 70_000, 2_100_000])
    func aNestedMessageOfAnyLengthReadsBackWhole(length: Int) {
        var out: [UInt8] = [0xAA]  // bytes before the message stay where they are
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let mark = ProtobufWriter.beginMessage(5, in: &out)
        ProtobufWriter.appendBytesField(1, payload, to: &out)
        ProtobufWriter.appendVarintField(2, 42, to: &out)
        ProtobufWriter.endMessage(mark, in: &out)
        ProtobufWriter.appendVarintField(6, 7, to: &out)

        var outer: [(UInt32, ProtobufReader.Value)] = []
        #expect(ProtobufReader.forEachField(in: out[1...]) { outer.append(($0, $1)) })
        #expect(out[0] == 0xAA)
        #expect(outer.map(\.0) == [5, 6])
        guard case .bytes(let nested) = outer[0].1 else { Issue.record("field 5 is not length-delimited"); return }
        var inner: [UInt32: ProtobufReader.Value] = [:]
        #expect(ProtobufReader.forEachField(in: nested) { inner[$0] = $1 })
        if case .bytes(let read) = inner[1] { #expect(Array(read) == payload) } else { Issue.record("payload missing") }
        if case .varint(let v) = inner[2] { #expect(v == 42) } else { Issue.record("field 2 missing") }
        if case .varint(let v) = outer[1].1 { #expect(v == 7) } else { Issue.record("field 6 missing") }
    }

    @Test func malformedInputEndsTheWalkWithoutATrap() {
        let cases: [[UInt8]] = [
            [0x0A, 0x05, 0x61],  // length past the end
            [0x08],  // varint missing
            [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],  // varint too long
            [0x09, 1, 2, 3],  // fixed64 cut
            [0x0B],  // group (wire type 3) is not read
            [0x00, 0x01],  // field number 0
        ]
        for bytes in cases {
            #expect(!ProtobufReader.forEachField(in: bytes[...]) { _, _ in }, "\(bytes)")
        }
    }
}
