import Foundation
import SluiceCore
import Testing
@testable import SluiceOutputs

@Suite struct BulkResponseTests {
    /// `<repo>/../shared/fixtures/elasticsearch`: the bodies test servers must reproduce.
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/fixtures/elasticsearch")

    /// Text the fixtures' error reasons quote from documents; it must never survive parsing.
    static let documentContent = ["fast", "Preview", "For input string", "missing authentication", "terminated by a newline"]

    struct Case: Sendable {
        var status: Int
        var expectedItems: Int
        var result: BulkResponse
    }

    static func item(_ status: Int, _ type: String? = nil) -> BulkItemResult {
        BulkItemResult(action: "create", status: status, errorType: type)
    }

    /// One entry per fixture file; a file without an entry fails the test.
    static let cases: [String: Case] = [
        "bulk-all-created.json": Case(
            status: 200, expectedItems: 2, result: .allDelivered),
        "bulk-partial-failures.json": Case(
            status: 200, expectedItems: 6,
            result: .items(errors: true, [
                item(201),
                item(409, "version_conflict_engine_exception"),
                item(429, "es_rejected_execution_exception"),
                item(400, "document_parsing_exception"),
                item(429, "cluster_block_exception"),
                item(503, "unavailable_shards_exception"),
            ])),
        "request-malformed-400.json": Case(
            status: 400, expectedItems: 2, result: .requestFailed(status: 400, errorType: "illegal_argument_exception")),
        "request-rejected-429.json": Case(
            status: 429, expectedItems: 2, result: .retryAll(.status(429, errorType: "es_rejected_execution_exception"))),
        "request-unauthorized-401.json": Case(
            status: 401, expectedItems: 2, result: .requestFailed(status: 401, errorType: "security_exception")),
        // A 200 that is not a bulk response (a wrong path answered by the root endpoint).
        "root-info.json": Case(status: 200, expectedItems: 2, result: .retryAll(.notABulkResponse("no items array"))),
    ]

    static func fixtureFiles() throws -> [String] {
        let path = fixtures.path
        try #require(
            FileManager.default.fileExists(atPath: path),
            "Elasticsearch fixtures missing: expected \(path) (the repository's parent holds shared/)")
        return try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".json") }.sorted()
    }

    static func body(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    @Test func everyFixtureIsClassifiedExactly() throws {
        let files = try Self.fixtureFiles()
        #expect(Set(files) == Set(Self.cases.keys), "fixture files and expectations differ")
        for name in files {
            let expected = try #require(Self.cases[name], "no expectation for fixture \(name)")
            let result = BulkResponse.parse(status: expected.status, body: try Self.body(name), expectedItems: expected.expectedItems)
            #expect(result == expected.result, "\(name)")
        }
    }

    @Test func partialFailuresItemOutcomes() throws {
        let result = BulkResponse.parse(status: 200, body: try Self.body("bulk-partial-failures.json"), expectedItems: 6)
        guard case .items(true, let items) = result else {
            Issue.record("not items: \(result)")
            return
        }
        #expect(items.map(\.outcome) == [
            .delivered, .delivered, .retry, .rejected(type: "document_parsing_exception"), .retry, .retry,
        ])
        #expect(items.map(\.action) == Array(repeating: "create", count: 6))
        #expect(result.description == "6 items (errors: true): 2 delivered, 3 to retry, 1 rejected")
    }

    @Test func noDocumentContentSurvivesParsing() throws {
        for name in try Self.fixtureFiles() {
            let body = try Self.body(name)
            let bodyText = String(decoding: body, as: UTF8.self)
            for status in [200, 400, 401, 413, 429, 503] {
                let result = BulkResponse.parse(status: status, body: body, expectedItems: 6)
                var texts = [result.description, String(reflecting: result)]
                if case .items(_, let items) = result {
                    texts += items.flatMap { [$0.description, String(reflecting: $0), $0.outcome.description] }
                }
                for text in texts {
                    for secret in Self.documentContent where bodyText.contains(secret) {
                        #expect(!text.contains(secret), "\(name) at \(status): \(text)")
                    }
                }
            }
        }
        // The check can fail: the partial-failures fixture does hold the preview.
        #expect(String(decoding: try Self.body("bulk-partial-failures.json"), as: UTF8.self).contains("Preview of field's value: 'fast'"))
    }

    @Test func itemCountMismatchRetriesEverything() throws {
        let result = BulkResponse.parse(status: 200, body: try Self.body("bulk-partial-failures.json"), expectedItems: 7)
        #expect(result == .retryAll(.itemCountMismatch(expected: 7, received: 6)))
        #expect(result.description == "retry all: the response has 6 items for 7 requested")
    }

    @Test func errorsFalseMeansEveryItemSucceeded() throws {
        #expect(BulkResponse.parse(status: 200, body: try Self.body("bulk-all-created.json"), expectedItems: 2) == .allDelivered)
        // What a sink that does not index answers (the benchmark's nginx): taken at its word.
        #expect(BulkResponse.parse(status: 200, body: Array(#"{"took":1,"errors":false,"items":[]}"#.utf8), expectedItems: 500) == .allDelivered)
    }

    @Test func wholeRequestStatuses() {
        #expect(BulkResponse.parse(status: 413, body: [], expectedItems: 5) == .splitBatch)
        #expect(BulkResponse.parse(status: 502, body: Array("<html>bad gateway</html>".utf8), expectedItems: 5)
            == .retryAll(.status(502, errorType: nil)))
        let forbidden = #"{"error":{"type":"security_exception","reason":"action [indices:data/write/bulk] is unauthorized for user [x]"},"status":403}"#
        #expect(BulkResponse.parse(status: 403, body: Array(forbidden.utf8), expectedItems: 1)
            == .requestFailed(status: 403, errorType: "security_exception"))
        // Old versions answer a bare string: that is a reason, not a type.
        #expect(BulkResponse.parse(status: 400, body: Array(#"{"error":"some text","status":400}"#.utf8), expectedItems: 1)
            == .requestFailed(status: 400, errorType: nil))
    }

    @Test(arguments: [
        ("not json", "not a JSON object"),
        (#"{"took":1,"errors":false}"#, "no items array"),
        (#"{"items":{}}"#, "no items array"),
        (#"{"items":[1]}"#, "an item is not an object"),
        (#"{"items":[{"create":{"status":201},"index":{"status":201}}]}"#, "an item does not hold exactly one known action"),
        (#"{"items":[{"upsert":{"status":201}}]}"#, "an item does not hold exactly one known action"),
        (#"{"items":[{"create":{"status":"201"}}]}"#, "an item has no numeric status"),
        (#"{"items":[{"create":{"status":2010}}]}"#, "an item has no numeric status"),
        (#"{"items":[{"create":[]}]}"#, "an item's create is not an object"),
    ])
    func malformedBulkBodies(body: String, why: String) {
        #expect(BulkResponse.parse(status: 200, body: Array(body.utf8), expectedItems: 1) == .retryAll(.notABulkResponse(why)))
    }

    @Test(arguments: [
        (200, nil, BulkItemOutcome.delivered), (201, nil, .delivered),
        (409, "version_conflict_engine_exception", .delivered),
        (409, "other_conflict", .rejected(type: "other_conflict")),
        (429, "es_rejected_execution_exception", .retry), (429, "cluster_block_exception", .retry),
        (500, nil, .retry), (503, "unavailable_shards_exception", .retry),
        (400, "es_rejected_execution_exception", .retry),
        (403, "cluster_block_exception", .retry),
        (400, "mapper_parsing_exception", .rejected(type: "mapper_parsing_exception")),
        (404, "index_not_found_exception", .rejected(type: "index_not_found_exception")),
        (403, nil, .rejected(type: "status_403")),
    ] as [(Int, String?, BulkItemOutcome)])
    func classificationTable(status: Int, type: String?, expected: BulkItemOutcome) {
        #expect(BulkItemResult.classify(status: status, errorType: type) == expected)
    }

    @Test func unsafeErrorTypesAreDropped() {
        let body = #"{"errors":true,"items":[{"index":{"status":400,"error":{"type":"bad type 'fast'","reason":"x"}}},{"index":{"status":400,"error":{"type":"a\u0041"}}}]}"#
        #expect(BulkResponse.parse(status: 200, body: Array(body.utf8), expectedItems: 2)
            == .items(errors: true, [
                BulkItemResult(action: "index", status: 400, errorType: nil),
                BulkItemResult(action: "index", status: 400, errorType: nil),
            ]))
    }
}
