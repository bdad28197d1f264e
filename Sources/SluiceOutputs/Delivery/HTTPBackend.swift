import SluiceCore

/// One backend's side of ``HTTPShipper/settle(_:with:)``: how events become a request body,
/// and what an answer means for them. The shipper owns the loop (send, back off, split on
/// 413, give up, dead-letter); the backend only encodes and classifies.
protocol HTTPBackend: AnyObject {
    /// What the classifier needs to know about a body beside its events (e.g. Loki's streams).
    associatedtype Sent

    /// Where the body is POSTed.
    var url: String { get }
    /// The log message for a request that got no answer (e.g. `cannot reach elasticsearch`).
    var unreachableMessage: String { get }
    /// The dead-letter reason for one event alone too large for the backend (HTTP 413).
    var tooLargeReason: String { get }

    /// Encodes `events` into `body` (empty on entry).
    func encode(_ events: [Event], into body: inout [UInt8]) -> HTTPRequestContent<Sent>
    /// What `response` means for the events of `content`. Logs and counts what is the
    /// backend's own (refused entries, conflicts); the shipper counts the rest.
    func classify(_ response: HTTPResponse, content: HTTPRequestContent<Sent>) -> HTTPVerdict
}

/// The events one request body carries.
struct HTTPRequestContent<Sent> {
    /// The events in the body; the answer settles these.
    var events: [Event]
    /// Events the backend would refuse, left out of the body: dead-lettered.
    var refused: [DeadLetter]
    /// The backend's own description of the body.
    var sent: Sent
}

/// What one answer means for the events of a request.
enum HTTPVerdict {
    /// The answer settled the request: `delivered` events are stored, `letters` set aside,
    /// and `again` must be sent again (alone, after a backoff; `why` is the content-free
    /// reason logged).
    case settled(delivered: Int, letters: [DeadLetter] = [], again: [Event] = [], why: String = "")
    /// The body is too large (413): send each half on its own; one event alone is
    /// dead-lettered.
    case tooLarge
    /// Nothing is settled: send the same body again after a backoff (honouring `retryAfter`),
    /// logging `message` with the content-free `reason`.
    case retryAll(message: String, reason: String, retryAfter: Double?)
}
