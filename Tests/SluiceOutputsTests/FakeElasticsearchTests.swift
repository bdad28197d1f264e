import Foundation
import SluiceTestSupport
import Testing

@Suite struct FakeElasticsearchTests {
    static let index = "ai-workflow-logs-2026.11.24"

    static func bulk(_ docs: [(id: String, source: String)], action: String = "create") -> [UInt8] {
        Array(docs.map { "{\"\(action)\":{\"_index\":\"\(index)\",\"_id\":\"\($0.id)\"}}\n\($0.source)\n" }.joined().utf8)
    }

    static func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    static func fixture(_ name: String) throws -> [String: Any] {
        try json(try #require(BackendFixtures.elasticsearch(name), "fixture \(name) missing"))
    }

    /// Keys of each item's action body, and of its error, as sets: the shape to compare.
    static func shapes(_ body: [String: Any]) throws -> [[String]] {
        let items = try #require(body["items"] as? [[String: [String: Any]]])
        return items.map { item in
            let inner = item.values.first ?? [:]
            let error = (inner["error"] as? [String: Any]).map { Array($0.keys).sorted() } ?? []
            return item.keys.sorted() + inner.keys.sorted() + error
        }
    }

    @Test func rootInfoAndCreatedItemsMatchTheFixtures() throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        let client = try HTTPTestClient(port: es.port)
        let root = try client.get("/")
        #expect(root.status == 200 && root.headers["x-elastic-product"] == "Elasticsearch")
        #expect(NSDictionary(dictionary: try Self.json(root.body)).isEqual(to: try Self.fixture("root-info.json")))
        let response = try client.post("/_bulk?pipeline=p", Self.bulk([("a", "{\"n\":1}"), ("b", "{\"n\":2}")]),
                                       headers: ["Content-Type": "application/x-ndjson"])
        #expect(response.status == 200 && response.headers["x-elastic-product"] == "Elasticsearch")
        let body = try Self.json(response.body)
        let expected = try Self.fixture("bulk-all-created.json")
        #expect(body["errors"] as? Bool == false)
        #expect(try Self.shapes(body) == Self.shapes(expected))
        #expect(es.documents.map(\.id) == ["a", "b"])
        #expect(es.document(index: Self.index, id: "b")?.sourceText == "{\"n\":2}")
        #expect(es.requests.last?.queryItem("pipeline") == "p")
    }

    @Test func conflictsAndItemFaultsMatchThePartialFailureFixture() throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        let client = try HTTPTestClient(port: es.port)
        _ = try client.post("/_bulk", Self.bulk([("dup", "{}")]))
        es.setItemFault { item, _ in
            switch item.id {
            case "busy": .rejected
            case "bad": .documentParsing()
            case "blocked": .clusterBlock
            case "down": .unavailable
            default: nil
            }
        }
        let docs = [("new", "{}"), ("dup", "{}"), ("busy", "{}"), ("bad", "{\"latency_ms\":\"fast\"}"),
                    ("blocked", "{}"), ("down", "{}")]
        let body = try Self.json(try client.post("/_bulk", Self.bulk(docs)).body)
        let expected = try Self.fixture("bulk-partial-failures.json")
        #expect(body["errors"] as? Bool == true)
        #expect(try Self.shapes(body) == Self.shapes(expected))
        let items = try #require(body["items"] as? [[String: [String: Any]]])
        let errors = items.map { ($0["create"]?["error"] as? [String: Any])?["type"] as? String }
        let expectedErrors = try #require(expected["items"] as? [[String: [String: Any]]])
            .map { ($0["create"]?["error"] as? [String: Any])?["type"] as? String }
        #expect(errors == expectedErrors)
        #expect(items.map { $0["create"]?["status"] as? Int } == [201, 409, 429, 400, 429, 503])
        #expect(es.conflictCount == 1 && es.partialFailureCount == 1)
        #expect(Set(es.documents.map(\.id)) == ["dup", "new"])
    }

    @Test func indexActionUpdatesAndThrottledDocumentsSucceedLater() throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        es.throttleDocuments(containing: "SLOW", times: 2)
        let client = try HTTPTestClient(port: es.port)
        var statuses: [Int?] = []
        for _ in 0..<3 {
            let body = try Self.json(try client.post("/\(Self.index)/_bulk", Self.bulk([("s", "{\"m\":\"SLOW\"}")], action: "index")).body)
            statuses.append((body["items"] as? [[String: [String: Any]]])?.first?["index"]?["status"] as? Int)
        }
        let updated = try Self.json(try client.post("/_bulk", Self.bulk([("s", "{}")], action: "index")).body)
        #expect(statuses == [429, 429, 201])
        #expect((updated["items"] as? [[String: [String: Any]]])?.first?["index"]?["result"] as? String == "updated")
        #expect(es.document(index: Self.index, id: "s")?.version == 2)
    }

    @Test func requestFaultsAnswerTheFixtureBodies() throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        es.setRequestFault { n, _ in
            switch n {
            case 1: .status(429, retryAfter: 3)
            case 2: .status(401)
            case 3: .status(413)
            case 4: .status(500)
            default: nil
            }
        }
        let client = try HTTPTestClient(port: es.port)
        let rejected = try client.post("/_bulk", Self.bulk([("x", "{}")]))
        #expect(rejected.status == 429 && rejected.headers["retry-after"] == "3")
        #expect(rejected.headers["x-elastic-product"] == nil)
        #expect(rejected.body == BackendFixtures.elasticsearch("request-rejected-429.json"))
        #expect(try client.post("/_bulk", []).body == BackendFixtures.elasticsearch("request-unauthorized-401.json"))
        #expect(try client.post("/_bulk", []).status == 413)
        #expect(try client.post("/_bulk", []).status == 500)
        let malformed = try client.post("/_bulk", Array("{\"create\":{}}".utf8))
        #expect(malformed.status == 400 && malformed.body == BackendFixtures.elasticsearch("request-malformed-400.json"))
        #expect(es.stats.byStatus == [429: 1, 401: 1, 413: 1, 500: 1, 400: 1] && es.documents.isEmpty)
    }

    @Test func rejectedDocumentsAreNotStoredAndHangOrCloseFaultsApply() throws {
        let es = try FakeElasticsearch()
        defer { es.stop() }
        es.rejectDocuments(containing: "POISON")
        let client = try HTTPTestClient(port: es.port, timeout: 0.3)
        let body = try Self.json(try client.post("/_bulk", Self.bulk([("ok", "{}"), ("p", "{\"x\":\"POISON\"}")])).body)
        #expect(body["errors"] as? Bool == true)
        #expect(es.documents.map(\.id) == ["ok"])
        es.setRequestFault { n, _ in n == 2 ? .hang : .close }
        #expect(throws: HTTPTestClient.Failure.timedOut) { try client.get("/") }
        let other = try HTTPTestClient(port: es.port)
        #expect(throws: HTTPTestClient.Failure.closed) { try other.get("/") }
        #expect(es.stats.hung == 1 && es.stats.closed == 1)
    }
}
