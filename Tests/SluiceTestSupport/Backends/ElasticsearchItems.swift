import Foundation

/// One action + document pair of a `_bulk` request.
public struct ElasticsearchBulkItem: Sendable {
    /// `create` or `index`.
    public var action: String
    public var index: String
    public var id: String
    /// The document line's bytes.
    public var source: [UInt8]
    public var sourceText: String { String(decoding: source, as: UTF8.self) }
}

/// A per-item failure the fake answers instead of storing the document.
public enum ElasticsearchItemFault: Sendable, Equatable {
    /// Item 400 `document_parsing_exception` (a mapping failure), shaped like the fixture.
    case documentParsing(field: String = "latency_ms", value: String = "fast")
    /// Item 429 `es_rejected_execution_exception`.
    case rejected
    /// Item 429 `cluster_block_exception` (flood-stage disk watermark).
    case clusterBlock
    /// Item 503 `unavailable_shards_exception`.
    case unavailable
}

/// Renders `_bulk` items with the fixtures' key order (bulk-partial-failures.json).
enum ElasticsearchItemJSON {
    static let rejectedReason = "rejected execution of coordinating operation [coordinating_and_primary_bytes=104857600, replica_bytes=0, all_bytes=104857600, coordinating_operation_bytes=1048576, max_coordinating_and_primary_bytes=104857600]"

    static func success(_ item: ElasticsearchBulkItem, version: Int, seqNo: Int, created: Bool) -> String {
        wrap(item, "\"_version\":\(version),\"result\":\(quote(created ? "created" : "updated")),"
            + "\"_shards\":{\"total\":2,\"successful\":1,\"failed\":0},\"_seq_no\":\(seqNo),\"_primary_term\":1,"
            + "\"status\":\(created ? 201 : 200)")
    }

    static func conflict(_ item: ElasticsearchBulkItem, currentVersion: Int) -> String {
        failure(item, 409, type: "version_conflict_engine_exception",
                reason: "[\(item.id)]: version conflict, document already exists (current version [\(currentVersion)])",
                extra: ",\"index_uuid\":\(quote(indexUUID(item.index))),\"shard\":\"0\",\"index\":\(quote(item.index))")
    }

    static func fault(_ item: ElasticsearchBulkItem, _ fault: ElasticsearchItemFault) -> (status: Int, json: String) {
        switch fault {
        case .documentParsing(let field, let value):
            let reason = "[1:\(item.source.count)] failed to parse field [\(field)] of type [long] in document with id '\(item.id)'. Preview of field's value: '\(value)'"
            let cause = ",\"caused_by\":{\"type\":\"illegal_argument_exception\",\"reason\":\(quote("For input string: \"\(value)\""))}"
            return (400, failure(item, 400, type: "document_parsing_exception", reason: reason, extra: cause))
        case .rejected:
            return (429, failure(item, 429, type: "es_rejected_execution_exception", reason: rejectedReason))
        case .clusterBlock:
            let reason = "index [\(item.index)] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block];"
            return (429, failure(item, 429, type: "cluster_block_exception", reason: reason))
        case .unavailable:
            let reason = "[\(item.index)][0] primary shard is not active Timeout: [1m], request: [BulkShardRequest [[\(item.index)][0]] containing [1] requests]"
            return (503, failure(item, 503, type: "unavailable_shards_exception", reason: reason))
        }
    }

    /// A document line that is not a JSON object.
    static func unparsable(_ item: ElasticsearchBulkItem) -> String {
        failure(item, 400, type: "document_parsing_exception",
                reason: "[1:1] failed to parse: Unexpected character in document with id '\(item.id)'")
    }

    static func failure(_ item: ElasticsearchBulkItem, _ status: Int, type: String, reason: String, extra: String = "") -> String {
        wrap(item, "\"status\":\(status),\"error\":{\"type\":\(quote(type)),\"reason\":\(quote(reason))\(extra)}")
    }

    static func wrap(_ item: ElasticsearchBulkItem, _ body: String) -> String {
        "{\(quote(item.action)):{\"_index\":\(quote(item.index)),\"_id\":\(quote(item.id)),\(body)}}"
    }

    /// A whole-request error body in the fixtures' shape.
    static func requestError(type: String, reason: String, status: Int) -> [UInt8] {
        let cause = "{\"type\":\(quote(type)),\"reason\":\(quote(reason))}"
        return Array("{\"error\":{\"root_cause\":[\(cause)],\"type\":\(quote(type)),\"reason\":\(quote(reason))},\"status\":\(status)}".utf8)
    }

    /// A stable 22-character uuid-like string per index.
    static func indexUUID(_ index: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in index.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var out = ""
        for i in 0..<22 {
            let shifted = (hash >> UInt64(i * 2 % 60)) &+ UInt64(i * 7)
            out.append(alphabet[Int(shifted % UInt64(alphabet.count))])
        }
        return out
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String { JSONStringLiteral.quoted(text) }
}
