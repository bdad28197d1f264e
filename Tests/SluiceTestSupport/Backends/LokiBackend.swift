import Foundation
import Synchronization

/// The fake Loki's state and push handling (FakeLoki is its facade). Reads JSON bodies
/// (`Content-Type: application/json`) and, like Loki, any other body as protobuf + snappy.
/// Validates like Loki 3.8 with default limits: entries too old (168 h), too new (10 min ahead), over 256 KB or more
/// than 1 h behind their stream's newest are refused with 400, while the request's good
/// entries are stored; exact duplicates are dropped silently.
final class LokiBackend: Sendable {
    static let maxAge: Int64 = 168 * 3600 * 1_000_000_000
    static let grace: Int64 = 10 * 60 * 1_000_000_000
    static let behind: Int64 = 3600 * 1_000_000_000
    static let maxLine = 262_144
    static let burst = 6 * 1_048_576

    struct Stream {
        var entries: [LokiEntry] = []
        var seen: Set<String> = []
        var newest = Int64.min
    }

    struct State {
        var now: Int64?
        var streams: [String: Stream] = [:]
        var entries: [LokiEntry] = []
        var stats = BackendStats()
    }

    let state = Mutex(State())
    let faults = RequestFaults()

    func handle(_ request: HTTPRequest) -> HTTPReply {
        let reply: HTTPReply
        if let injected = faults.next(request) {
            reply = injected.reply { status in
                ("text/plain; charset=utf-8", Array((Self.faultText(status, request) + "\n").utf8), [:])
            }
        } else if request.method != "POST" || request.path != "/loki/api/v1/push" {
            reply = .text(404, "404 page not found\n")
        } else {
            reply = push(request)
        }
        state.withLock { $0.stats.record(reply) }
        return reply
    }

    private func push(_ request: HTTPRequest) -> HTTPReply {
        let streams: [LokiPush.Stream]
        do {
            streams = try LokiPush.decode(request)
        } catch {
            guard case .status(let status, let text) = error else { return .text(400, "\n") }
            return .text(status, text + "\n")
        }
        let lines = streams.reduce(0) { $0 + $1.entries.count }
        let bytes = streams.reduce(0) { $0 + $1.entries.reduce(0) { $0 + $1.line.utf8.count } }
        if bytes > Self.burst { return .text(429, Self.rateLimitText(lines: lines, bytes: bytes) + "\n") }
        let error = state.withLock { s in
            let now = s.now ?? Int64(Date().timeIntervalSince1970 * 1e9)
            var firstError: String?
            for stream in streams where !stream.entries.isEmpty {
                if let message = stream.labelError { firstError = firstError ?? message; continue }
                let valid = stream.entries.filter { entry in
                    guard let message = Self.validate(entry, now: now) else { return true }
                    firstError = firstError ?? message
                    return false
                }
                if let message = Self.ingest(valid, into: &s) { firstError = firstError ?? message }
            }
            return firstError
        }
        if let error { return .text(400, error + "\n") }
        return .respond(status: 204, headers: [:], body: [])
    }

    /// The distributor's checks: age, future, line size.
    private static func validate(_ entry: LokiEntry, now: Int64) -> String? {
        let stream = LokiPush.streamText(entry.labels)
        if entry.timestamp < now - maxAge {
            return "entry for stream '\(stream)' has timestamp too old: \(LokiPush.rfc3339(entry.timestamp)), oldest acceptable timestamp is: \(LokiPush.rfc3339(now - maxAge))"
        }
        if entry.timestamp > now + grace {
            return "entry for stream '\(stream)' has timestamp too new: \(LokiPush.rfc3339(entry.timestamp))"
        }
        if entry.line.utf8.count > maxLine {
            return "max entry size '\(maxLine)' bytes exceeded for stream '\(stream)' while adding an entry with length '\(entry.line.utf8.count)' bytes"
        }
        return nil
    }

    /// The ingester: drops duplicates, refuses entries too far behind the stream's newest.
    private static func ingest(_ entries: [LokiEntry], into s: inout State) -> String? {
        guard let labels = entries.first?.labels else { return nil }
        let key = LokiPush.streamText(labels) + "\u{0}" + labels.sorted(by: { $0.key < $1.key }).description
        var stream = s.streams[key] ?? Stream()
        var ignored: [LokiEntry] = []
        var firstIgnoredNewest = Int64.min
        for entry in entries {
            let identity = "\(entry.timestamp)\u{0}\(entry.line)"
            if stream.seen.contains(identity) { continue }
            if stream.newest != Int64.min && entry.timestamp < stream.newest - behind {
                if ignored.isEmpty { firstIgnoredNewest = stream.newest }
                ignored.append(entry)
                continue
            }
            stream.seen.insert(identity)
            stream.entries.append(entry)
            s.entries.append(entry)
            stream.newest = max(stream.newest, entry.timestamp)
        }
        s.streams[key] = stream
        guard let first = ignored.first else { return nil }
        return "entry with timestamp \(LokiPush.goTime(first.timestamp)) ignored, reason: 'entry too far behind, entry timestamp is: \(LokiPush.rfc3339(first.timestamp)), oldest acceptable timestamp is: \(LokiPush.rfc3339(firstIgnoredNewest - behind))',\nuser 'fake', total ignored: \(ignored.count) out of \(entries.count) for stream: \(LokiPush.streamText(labels))"
    }

    static func rateLimitText(lines: Int, bytes: Int) -> String {
        "ingestion rate limit exceeded for user fake (limit: 4194304 bytes/sec) while attempting to ingest '\(lines)' lines totaling '\(bytes)' bytes, reduce log volume or contact your Loki administrator to see if the limit can be increased"
    }

    /// The text for an injected status: the rate-limit text (counting the request) for 429.
    static func faultText(_ status: Int, _ request: HTTPRequest) -> String {
        guard status == 429 else { return status >= 500 ? "rpc error: code = Unavailable desc = injected failure" : "injected failure" }
        let streams = (try? LokiPush.decode(request)) ?? []
        let lines = streams.reduce(0) { $0 + $1.entries.count }
        return rateLimitText(lines: lines, bytes: streams.reduce(0) { $0 + $1.entries.reduce(0) { $0 + $1.line.utf8.count } })
    }
}
