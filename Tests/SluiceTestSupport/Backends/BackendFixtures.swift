import Foundation
import Synchronization

/// The recorded backend answers in `<repository>/../shared/fixtures`, which the fake backends
/// reproduce.
public enum BackendFixtures {
    /// `<repository root>/../shared/fixtures`.
    public static var directory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Backends
            .deletingLastPathComponent()  // SluiceTestSupport
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
            .deletingLastPathComponent()
            .appendingPathComponent("shared/fixtures")
    }

    /// The bytes of `elasticsearch/<name>` without the trailing newline; nil when missing.
    public static func elasticsearch(_ name: String) -> [UInt8]? {
        guard var bytes = try? [UInt8](Data(contentsOf: directory.appendingPathComponent("elasticsearch/\(name)")))
        else { return nil }
        while bytes.last == 10 || bytes.last == 13 { bytes.removeLast() }
        return bytes
    }

    /// `loki/<name>` parsed (`case`, `request`, `response`…); nil when missing.
    public static func loki(_ name: String) -> [String: Any]? {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("loki/\(name)")) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}

/// A whole-request fault a fake backend injects instead of its normal answer.
public enum BackendFault: Sendable, Equatable {
    /// Answer with this status and the backend's body for it (the fixture's where one exists),
    /// with `Retry-After: seconds` when given.
    case status(Int, retryAfter: Int? = nil)
    /// Read the request and never answer.
    case hang
    /// Close the connection without answering.
    case close

    /// Applies `reply`'s shape: `.hang`/`.close` map to the HTTP replies, `.status` to `body`.
    func reply(body: (Int) -> (contentType: String, body: [UInt8], headers: [String: String])) -> HTTPReply {
        switch self {
        case .hang: return .hang
        case .close: return .close
        case .status(let status, let retryAfter):
            let made = body(status)
            var headers = made.headers
            headers["Content-Type"] = made.contentType
            if let retryAfter { headers["Retry-After"] = String(retryAfter) }
            return .respond(status: status, headers: headers, body: made.body)
        }
    }
}

/// Numbers a fake backend's requests (from 1) and holds the whole-request fault hook a test set.
final class RequestFaults: Sendable {
    typealias Hook = @Sendable (_ number: Int, _ request: HTTPRequest) -> BackendFault?
    private let state = Mutex<(number: Int, hook: Hook?)>((0, nil))

    func set(_ hook: Hook?) { state.withLock { $0.hook = hook } }

    /// Numbers `request`; the fault to inject instead of the normal answer, if any.
    func next(_ request: HTTPRequest) -> BackendFault? {
        let (number, hook) = state.withLock { s -> (Int, Hook?) in
            s.number += 1
            return (s.number, s.hook)
        }
        return hook?(number, request)
    }
}

/// Counts of answers by outcome, shared by the fake backends.
public struct BackendStats: Sendable, Equatable {
    /// All requests handled (including faults).
    public var requests = 0
    /// Answers by HTTP status.
    public var byStatus: [Int: Int] = [:]
    /// Requests answered with `.hang` / `.close`.
    public var hung = 0
    public var closed = 0

    mutating func record(_ reply: HTTPReply) {
        requests += 1
        switch reply {
        case .hang: hung += 1
        case .close: closed += 1
        case .respond(let status, _, _): byStatus[status, default: 0] += 1
        }
    }
}
