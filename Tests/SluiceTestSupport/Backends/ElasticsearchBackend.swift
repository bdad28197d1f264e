import Foundation
import Synchronization

/// A document the fake Elasticsearch stored.
public struct ElasticsearchDocument: Sendable, Equatable {
    public var index: String
    public var id: String
    /// The document line as received.
    public var source: [UInt8]
    public var version: Int
    public var sourceText: String { String(decoding: source, as: UTF8.self) }
}

/// The fake Elasticsearch's state and request handling (FakeElasticsearch is its facade).
final class ElasticsearchBackend: Sendable {
    struct State {
        var documents: [ElasticsearchDocument] = []
        var positions: [String: Int] = [:]
        var attempts: [String: Int] = [:]
        var seqNo: [String: Int] = [:]
        var stats = BackendStats()
        var conflicts = 0
        var partialFailures = 0
        var itemFault: (@Sendable (ElasticsearchBulkItem, Int) -> ElasticsearchItemFault?)?
    }

    let state = Mutex(State())
    let faults = RequestFaults()

    func handle(_ request: HTTPRequest) -> HTTPReply {
        let reply: HTTPReply
        if let injected = faults.next(request) {
            reply = injected.reply(body: Self.errorBody)
        } else {
            reply = route(request)
        }
        state.withLock { $0.stats.record(reply) }
        return reply
    }

    private func route(_ request: HTTPRequest) -> HTTPReply {
        let path = request.path
        if request.method == "GET" && path == "/" {
            return Self.json(200, BackendFixtures.elasticsearch("root-info.json") ?? Array("{}".utf8))
        }
        if request.method == "POST" || request.method == "PUT", path == "/_bulk" || path.hasSuffix("/_bulk") {
            let prefix = path.dropLast("/_bulk".count).dropFirst()
            return bulk(request.body, defaultIndex: prefix.isEmpty ? nil : String(prefix))
        }
        return Self.json(404, ElasticsearchItemJSON.requestError(
            type: "illegal_argument_exception",
            reason: "no handler found for uri [\(request.target)] and method [\(request.method)]", status: 404))
    }

    private func bulk(_ body: [UInt8], defaultIndex: String?) -> HTTPReply {
        let started = ContinuousClock.now
        guard body.last == UInt8(ascii: "\n") else {
            return .respond(status: 400, headers: ["Content-Type": "application/json"], body: Self.errorBody(400).body)
        }
        guard let items = Self.parseBulk(body, defaultIndex: defaultIndex) else {
            return Self.json(400, ElasticsearchItemJSON.requestError(
                type: "illegal_argument_exception", reason: "Malformed action/metadata line", status: 400))
        }
        let itemFault = state.withLock { $0.itemFault }
        var rendered: [String] = []
        var errors = false
        for item in items {
            let key = "\(item.index)\u{0}\(item.id)"
            let attempt = state.withLock { s -> Int in s.attempts[key, default: 0] += 1; return s.attempts[key]! }
            if let fault = itemFault?(item, attempt) {
                rendered.append(ElasticsearchItemJSON.fault(item, fault).json)
                errors = true
                continue
            }
            let isObject = (try? JSONSerialization.jsonObject(with: Data(item.source))) is [String: Any]
            if !isObject {
                rendered.append(ElasticsearchItemJSON.unparsable(item))
                errors = true
                continue
            }
            let (json, failed) = state.withLock { s in Self.store(item, key: key, in: &s) }
            rendered.append(json)
            errors = errors || failed
        }
        let took = max(1, Int((ContinuousClock.now - started).components.attoseconds / 1_000_000_000_000_000))
        if errors { state.withLock { $0.partialFailures += 1 } }
        let text = "{\"took\":\(took),\"errors\":\(errors),\"items\":[\(rendered.joined(separator: ","))]}"
        return Self.json(200, Array(text.utf8))
    }

    /// Stores a create/index item; its rendered item and whether it failed (409).
    private static func store(_ item: ElasticsearchBulkItem, key: String, in s: inout State) -> (String, Bool) {
        if let position = s.positions[key] {
            if item.action == "create" {
                s.conflicts += 1
                return (ElasticsearchItemJSON.conflict(item, currentVersion: s.documents[position].version), true)
            }
            s.documents[position].version += 1
            s.documents[position].source = item.source
        } else {
            s.positions[key] = s.documents.count
            s.documents.append(ElasticsearchDocument(index: item.index, id: item.id, source: item.source, version: 1))
        }
        let seqNo = s.seqNo[item.index, default: 0]
        s.seqNo[item.index] = seqNo + 1
        let version = s.documents[s.positions[key]!].version
        return (ElasticsearchItemJSON.success(item, version: version, seqNo: seqNo, created: version == 1), false)
    }

    /// Action/document pairs; nil when an action line is not `create`/`index` with an index.
    static func parseBulk(_ body: [UInt8], defaultIndex: String?) -> [ElasticsearchBulkItem]? {
        let lines = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map { Array($0) }
        guard lines.count % 2 == 0 else { return nil }
        var items: [ElasticsearchBulkItem] = []
        for pair in stride(from: 0, to: lines.count, by: 2) {
            guard let action = (try? JSONSerialization.jsonObject(with: Data(lines[pair]))) as? [String: Any],
                  action.count == 1, let name = action.keys.first, name == "create" || name == "index",
                  let meta = action[name] as? [String: Any],
                  let index = meta["_index"] as? String ?? defaultIndex else { return nil }
            let id = meta["_id"] as? String ?? "auto-\(items.count)-\(UInt32.random(in: 0...UInt32.max))"
            items.append(ElasticsearchBulkItem(action: name, index: index, id: id, source: lines[pair + 1]))
        }
        return items
    }

    /// The body for a whole-request fault status: the fixture's where one exists.
    static func errorBody(_ status: Int) -> (contentType: String, body: [UInt8], headers: [String: String]) {
        let type = "application/json"
        switch status {
        case 429: return (type, BackendFixtures.elasticsearch("request-rejected-429.json") ?? [], [:])
        case 400: return (type, BackendFixtures.elasticsearch("request-malformed-400.json") ?? [], [:])
        case 401:
            let challenge = "Basic realm=\"security\", charset=\"UTF-8\", ApiKey"
            return (type, BackendFixtures.elasticsearch("request-unauthorized-401.json") ?? [], ["WWW-Authenticate": challenge])
        case 413: return (type, [], [:])
        default:
            return (type, ElasticsearchItemJSON.requestError(type: "exception", reason: "injected failure", status: status), [:])
        }
    }

    static func json(_ status: Int, _ body: [UInt8]) -> HTTPReply {
        var headers = ["Content-Type": "application/json"]
        if (200..<300).contains(status) { headers["X-Elastic-Product"] = "Elasticsearch" }
        return .respond(status: status, headers: headers, body: body)
    }
}
