/// An in-process Elasticsearch for tests, answering like the fixtures in
/// `shared/fixtures/elasticsearch`: `GET /` (root info) and `POST /_bulk` / `/<index>/_bulk`
/// with `create` and `index` actions. Documents are stored per (`_index`, `_id`); `create` on an
/// existing id answers item 409. Faults can be injected per request or per item.
///
///     let es = try FakeElasticsearch()
///     defer { es.stop() }
///     es.setRequestFault { n, _ in n % 3 == 0 ? .status(429, retryAfter: 1) : nil }
///     es.rejectDocuments(containing: "POISON")
///     // … point the output at es.baseURL …
///     #expect(es.documents.count == 10)
public final class FakeElasticsearch: LoopbackBackend, Sendable {
    /// The underlying server (request log, stop/restart).
    public let server: LoopbackHTTPServer
    private let backend = ElasticsearchBackend()

    public init() throws {
        let backend = self.backend
        server = try LoopbackHTTPServer { backend.handle($0) }
    }


    /// Decides a whole-request fault from the 1-based request number and the request; nil
    /// answers normally. `.status` uses the fixture body for 429, 400, 401 (a generic error
    /// body otherwise, empty for 413). Pass nil to clear.
    public func setRequestFault(_ fault: (@Sendable (_ number: Int, _ request: HTTPRequest) -> BackendFault?)?) {
        backend.faults.set(fault)
    }

    /// Decides a per-item fault from the item and how many times this (`_index`, `_id`) has
    /// been received (1 the first time); nil stores it normally. Pass nil to clear.
    public func setItemFault(_ fault: (@Sendable (_ item: ElasticsearchBulkItem, _ attempt: Int) -> ElasticsearchItemFault?)?) {
        backend.state.withLock { $0.itemFault = fault }
    }

    /// Documents whose line contains `marker` fail with item 400 `document_parsing_exception`
    /// and are not stored (replaces any item fault).
    public func rejectDocuments(containing marker: String) {
        setItemFault { item, _ in item.sourceText.contains(marker) ? .documentParsing() : nil }
    }

    /// Documents whose line contains `marker` get item 429 `es_rejected_execution_exception`
    /// their first `times` attempts, then are stored (replaces any item fault).
    public func throttleDocuments(containing marker: String, times: Int) {
        setItemFault { item, attempt in item.sourceText.contains(marker) && attempt <= times ? .rejected : nil }
    }

    /// Stored documents in first-stored order.
    public var documents: [ElasticsearchDocument] { backend.state.withLock { $0.documents } }

    /// The stored document with this index and id.
    public func document(index: String, id: String) -> ElasticsearchDocument? {
        backend.state.withLock { s in s.positions["\(index)\u{0}\(id)"].map { s.documents[$0] } }
    }

    /// Requests by outcome (HTTP status, hung, closed).
    public var stats: BackendStats { backend.state.withLock { $0.stats } }
    /// Items answered 409 (create on an existing id).
    public var conflictCount: Int { backend.state.withLock { $0.conflicts } }
    /// `_bulk` answers with `"errors": true`.
    public var partialFailureCount: Int { backend.state.withLock { $0.partialFailures } }
}
