import SluiceCore
import Testing
@testable import SluiceOutputs

/// Loki's default limits, checked before sending against an injected "now".
@Suite struct LokiLimitsTests {
    typealias S = LokiTestSupport
    static let now: Int64 = 1_795_563_781_036_325_667
    static let second = LokiLimits.second

    func refused(_ events: [Event], _ limits: LokiLimits = LokiLimits(), metadata: [FieldPath] = []) throws -> (LokiPushSummary, [UInt8]) {
        let encoder = LokiPushEncoder(labels: try S.labels([("job", "x")]), structuredMetadata: metadata, limits: limits)
        var body: [UInt8] = []
        let summary = encoder.encode(events, now: Self.now, into: &body)
        return (summary, body)
    }

    @Test func ageAndFutureBounds() throws {
        let week = 168 * 3600 * Self.second
        let stamps: [Int64] = [
            Self.now - week - 1, Self.now - week, Self.now, Self.now + 600 * Self.second, Self.now + 600 * Self.second + 1,
            Self.now - 8 * 24 * 3600 * Self.second, Self.now + 3600 * Self.second,
        ]
        let (summary, _) = try refused(stamps.map { try S.event(#"{"a":1}"#, at: $0) })
        #expect(summary.refused.map(\.eventIndex) == [0, 4, 5, 6])
        #expect(summary.refused.map(\.reason) == [.tooOld, .tooNew, .tooOld, .tooNew])
        #expect(summary.streams.first?.entries.map(\.eventIndex) == [1, 2, 3])
    }

    @Test func configuredMaxAge() throws {
        var limits = LokiLimits()
        limits.maxAge = 3600 * Self.second
        let (summary, _) = try refused([try S.event(#"{"a":1}"#, at: Self.now - 3601 * Self.second)], limits)
        #expect(summary.refused.map(\.reason) == [.tooOld])
    }

    @Test func lineTooLongIsDeadLetteredByDefault() throws {
        let big = String(repeating: "x", count: 262_144 - 8)  // {"m":"…"} is 8 bytes more
        let events = try [S.event(#"{"m":"\#(big)"}"#, at: Self.now), S.event(#"{"m":"\#(big)y"}"#, at: Self.now)]
        let (summary, _) = try refused(events)
        #expect(summary.refused.map(\.eventIndex) == [1])
        #expect(summary.refused.map(\.reason) == [.lineTooLong])
        #expect(summary.streams.first?.entries.map(\.lineBytes) == [262_144])
    }

    @Test func lineTooLongCanBeTruncatedOnACharacterBoundary() throws {
        var limits = LokiLimits()
        limits.maxLineBytes = 10
        limits.onLineTooLong = .truncate
        let (summary, body) = try refused([try S.event(#"{"m":"abéé"}"#, at: Self.now)], limits)  // 'é' at bytes 8-9, 10-11
        #expect(summary.refused.isEmpty && summary.truncatedCount == 1)
        let line = try S.streams(ofBody: try S.json(body))[0].values[0].line
        #expect(line == #"{"m":"abé"#)
    }

    @Test func structuredMetadataLimits() throws {
        var limits = LokiLimits()
        limits.maxMetadataBytes = 20
        let event = try S.event(#"{"trace_id":"0123456789abcdef","span_id":"01234567"}"#, at: Self.now)
        let paths = [FieldPath(key: "trace_id"), FieldPath(key: "span_id")]
        #expect(try refused([event], limits, metadata: paths).0.refused.map(\.reason) == [.metadataTooLarge])
        limits.maxMetadataBytes = 40
        #expect(try refused([event], limits, metadata: paths).0.refused.isEmpty)
        limits.maxMetadataEntries = 1
        #expect(try refused([event], limits, metadata: paths).0.refused.map(\.reason) == [.metadataTooLarge])
    }

    @Test func verdictsWithoutEncoding() {
        let limits = LokiLimits()
        #expect(limits.check(timestamp: Self.now, lineBytes: 1, metadataEntries: 0, metadataBytes: 0, now: Self.now) == .send)
        #expect(limits.check(timestamp: Self.now, lineBytes: 262_145, metadataEntries: 0, metadataBytes: 0, now: Self.now) == .refuse(.lineTooLong))
        #expect(limits.check(timestamp: Self.now, lineBytes: 1, metadataEntries: 129, metadataBytes: 0, now: Self.now) == .refuse(.metadataTooLarge))
        #expect(limits.check(timestamp: Self.now, lineBytes: 1, metadataEntries: 1, metadataBytes: 65_537, now: Self.now) == .refuse(.metadataTooLarge))
    }
}
