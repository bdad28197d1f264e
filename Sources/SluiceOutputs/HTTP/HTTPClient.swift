import CCurl
import Glibc
import SluiceCore

/// An HTTP answer: status, body (capped) and the wait its `Retry-After` header asks for.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var body: [UInt8]
    /// Seconds to wait before the next attempt, as `Retry-After` said (read once, here:
    /// ``RetryAfter/seconds(_:now:)``); nil without one or when it was unreadable.
    public var retryAfter: Double?

    public init(status: Int, body: [UInt8] = [], retryAfter: Double? = nil) {
        self.status = status
        self.body = body
        self.retryAfter = retryAfter
    }
}

/// A request that got no HTTP answer: refused, timed out, reset, TLS failure, or aborted
/// because the output is giving up. The message is libcurl's (no request content).
public struct HTTPTransportError: Error, CustomStringConvertible {
    /// libcurl's `CURLcode`.
    public var code: Int
    public var message: String
    /// True when the request was cut short by the shutdown deadline (the output's ``StopSignal``).
    public var aborted: Bool
    /// For a TLS failure, which `tls:` option to look at; nil otherwise.
    public var hint: String? = nil

    public var description: String {
        if aborted { return "aborted (shutting down)" }
        return "\(message) (curl error \(code))" + (hint.map { "; " + $0 } ?? "")
    }
}

/// A blocking HTTP/1.1 and HTTP/2 client on one libcurl easy handle driven by its own multi
/// handle, used by one output thread: the multi handle keeps the connection alive between
/// requests, so a steady stream of batches reuses one TCP (and TLS) connection. Timeouts
/// bound every request, and so does the shutdown deadline (the output's ``StopSignal``): the
/// thread polls the transfer until the deadline, is woken when one is set, and aborts the
/// request when it passes.
///
/// ```
///  post/get ─▶ add easy to multi ─▶ loop: curl_multi_perform ─▶ done? ─▶ result
///                                         └─ curl_multi_poll(until the deadline) ◀─ wakeup: deadline set
/// ```
///
/// Header values (credentials included) are handed to libcurl only; nothing here logs them.
public final class HTTPClient: @unchecked Sendable {
    // Used by one thread at a time (the output's).
    private let handle: UnsafeMutableRawPointer
    private let multi: MultiHandle
    private let stop: StopSignal
    private let wakeup: Int
    private var postHeaders: UnsafeMutablePointer<curl_slist>?
    private var getHeaders: UnsafeMutablePointer<curl_slist>?
    private let transfer: Transfer
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    /// Largest response body kept; the rest is read and discarded.
    static let maxResponseBytes = 32 << 20
    /// `curl_global_init` must run once, before any other thread uses libcurl.
    static let globalInit: Void = { _ = curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    /// A client for `connection`, sending `contentType` bodies plus `extraHeaders`. Bodies
    /// are compressed by the caller (``BodyCompression/makeCompressor()``) as `compression`
    /// says (by default what `connection.compression` configures); the client only declares
    /// it (`Content-Encoding`).
    public init(
        connection: HTTPConnectionOptions, contentType: String, compression: BodyCompression? = nil, extraHeaders: [HTTPHeader] = [],
        stop: StopSignal
    ) throws {
        Self.globalInit
        guard let handle = curl_easy_init() else { throw HTTPTransportError(code: -1, message: "curl_easy_init failed", aborted: false) }
        guard let multi = curl_multi_init() else {
            curl_easy_cleanup(handle)
            throw HTTPTransportError(code: -1, message: "curl_multi_init failed", aborted: false)
        }
        let multiHandle = MultiHandle(multi)
        self.handle = handle
        self.multi = multiHandle
        self.stop = stop
        // A deadline set while a request waits: the poll wakes and waits no longer than it.
        wakeup = stop.onChange { _ = curl_multi_wakeup(multiHandle.pointer) }
        transfer = Transfer()
        var common = connection.headers + extraHeaders
        switch connection.auth {
        case .apiKey(let key): common.append(HTTPHeader("Authorization", "ApiKey " + key))
        case .bearer(let token): common.append(HTTPHeader("Authorization", "Bearer " + token))
        case .basic, .none: break
        }
        var post = [HTTPHeader("Content-Type", contentType), HTTPHeader("Expect", "")]
        if let encoding = (compression ?? BodyCompression(connection.compression)).contentEncoding {
            post.append(HTTPHeader("Content-Encoding", encoding))
        }
        postHeaders = Self.list(post + common)
        getHeaders = Self.list(common)
        try configure(connection)
    }

    deinit {
        stop.removeHandler(wakeup)
        curl_multi_cleanup(multi.pointer)
        curl_easy_cleanup(handle)
        curl_slist_free_all(postHeaders)
        curl_slist_free_all(getHeaders)
        errorBuffer.deallocate()
    }

    /// POSTs `body` (already encoded as the content type and compression say) to `url`.
    public func post(_ url: String, body: [UInt8]) throws(HTTPTransportError) -> HTTPResponse {
        _ = sluice_curl_easy_setopt_ptr(handle, CURLOPT_HTTPHEADER, postHeaders)
        _ = sluice_curl_easy_setopt_long(handle, CURLOPT_POST, 1)
        _ = sluice_curl_easy_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
        let code: CURLcode = body.withUnsafeBytes { bytes in
            "".withCString { empty in
                // The body is not copied: it must live until the request ends (it does here).
                _ = sluice_curl_easy_setopt_ptr(handle, CURLOPT_POSTFIELDS, bytes.baseAddress ?? UnsafeRawPointer(empty))
                return perform(url)
            }
        }
        return try finish(code)
    }

    /// GETs `url`.
    public func get(_ url: String) throws(HTTPTransportError) -> HTTPResponse {
        _ = sluice_curl_easy_setopt_ptr(handle, CURLOPT_HTTPHEADER, getHeaders)
        _ = sluice_curl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1)
        return try finish(perform(url))
    }

    /// Runs one request to its end, or until the shutdown deadline passes (then
    /// `CURLE_ABORTED_BY_CALLBACK`: the connection is closed, the request abandoned).
    private func perform(_ url: String) -> CURLcode {
        transfer.reset()
        errorBuffer[0] = 0
        _ = url.withCString { sluice_curl_easy_setopt_ptr(handle, CURLOPT_URL, $0) }
        if stop.isStopped { return CURLE_ABORTED_BY_CALLBACK }
        guard curl_multi_add_handle(multi.pointer, handle) == CURLM_OK else { return CURLE_FAILED_INIT }
        defer { _ = curl_multi_remove_handle(multi.pointer, handle) }
        var running: Int32 = 1
        while running > 0 {
            guard curl_multi_perform(multi.pointer, &running) == CURLM_OK else { return CURLE_FAILED_INIT }
            guard running > 0 else { break }
            let remaining = stop.remaining
            if remaining <= 0 { return CURLE_ABORTED_BY_CALLBACK }
            // libcurl shortens the wait to its own timers (request and connect timeouts).
            let milliseconds = Int32(min(60_000, (remaining * 1000).rounded(.up)))
            guard curl_multi_poll(multi.pointer, nil, 0, milliseconds, nil) == CURLM_OK else { return CURLE_FAILED_INIT }
        }
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi.pointer, &left) {
            if message.pointee.msg == CURLMSG_DONE { return message.pointee.data.result }
        }
        return CURLE_FAILED_INIT
    }

    private func finish(_ code: CURLcode) throws(HTTPTransportError) -> HTTPResponse {
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            // libcurl's messages may quote the URL: never its credentials or tokens.
            let message = URLRedaction.scrub(detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)
            throw HTTPTransportError(
                code: Int(code.rawValue), message: message, aborted: code == CURLE_ABORTED_BY_CALLBACK,
                hint: TLSFailureHint.hint(code: code, message: message))
        }
        var status = 0
        _ = sluice_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        let now = FileIO.nowNanoseconds() / 1_000_000_000
        return HTTPResponse(status: status, body: transfer.body, retryAfter: transfer.retryAfter.flatMap { RetryAfter.seconds($0, now: now) })
    }

    private func configure(_ connection: HTTPConnectionOptions) throws {
        func set(_ option: CURLoption, _ value: Int) { _ = sluice_curl_easy_setopt_long(handle, option, value) }
        func set(_ option: CURLoption, _ value: String) { _ = value.withCString { sluice_curl_easy_setopt_ptr(handle, option, $0) } }
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_TCP_KEEPALIVE, 1)
        set(CURLOPT_TCP_NODELAY, 1)
        set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        set(CURLOPT_ACCEPT_ENCODING, "")
        set(CURLOPT_USERAGENT, "sluice")
        set(CURLOPT_TIMEOUT_MS, Int(connection.timeout * 1000))
        set(CURLOPT_CONNECTTIMEOUT_MS, Int(connection.connectTimeout * 1000))
        errorBuffer[0] = 0
        _ = sluice_curl_easy_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        if case .basic(let user, let password) = connection.auth {
            set(CURLOPT_HTTPAUTH, 1)  // CURLAUTH_BASIC (a macro Swift does not import)
            set(CURLOPT_USERNAME, user)
            set(CURLOPT_PASSWORD, password)
        }
        let tls = connection.tls
        if let ca = tls.caFile { set(CURLOPT_CAINFO, ca) }
        if let cert = tls.certFile { set(CURLOPT_SSLCERT, cert) }
        if let key = tls.keyFile { set(CURLOPT_SSLKEY, key) }
        set(CURLOPT_SSL_VERIFYPEER, tls.verify ? 1 : 0)
        set(CURLOPT_SSL_VERIFYHOST, tls.verify ? 2 : 0)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        _ = sluice_curl_easy_setopt_ptr(handle, CURLOPT_WRITEDATA, context)
        _ = sluice_curl_easy_setopt_ptr(handle, CURLOPT_HEADERDATA, context)
        _ = sluice_curl_easy_setopt_write_callback(handle, Transfer.onBody)
        _ = sluice_curl_easy_setopt_header_callback(handle, Transfer.onHeader)
    }

    private static func list(_ headers: [HTTPHeader]) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers {
            // "Name:" with nothing after it removes a header libcurl would add (Expect).
            let line = header.value.isEmpty ? header.name + ":" : header.name + ": " + header.value
            list = line.withCString { curl_slist_append(list, $0) }
        }
        return list
    }
}

/// A libcurl multi handle, which `curl_multi_wakeup` may use from any thread.
private struct MultiHandle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    init(_ pointer: UnsafeMutableRawPointer) { self.pointer = pointer }
}

/// The state libcurl's callbacks fill during one request.
private final class Transfer {
    var body: [UInt8] = []
    var retryAfter: String?

    func reset() {
        body.removeAll(keepingCapacity: true)
        retryAfter = nil
    }

    static let onBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, context in
        let n = size * count
        guard let data, let context else { return n }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let room = HTTPClient.maxResponseBytes - transfer.body.count
        if room > 0 {
            data.withMemoryRebound(to: UInt8.self, capacity: n) { transfer.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: min(n, room))) }
        }
        return n
    }

    static let onHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, context in
        let n = size * count
        guard let data, let context else { return n }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let line = data.withMemoryRebound(to: UInt8.self, capacity: n) { String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self) }
        if line.hasPrefix("HTTP/") {
            transfer.retryAfter = nil  // a new response (after 100 Continue or a redirect)
        } else if let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == "retry-after" {
            transfer.retryAfter = line[line.index(after: colon)...].trimmingCharacters(in: " \t\r\n")
        }
        return n
    }
}

extension StringProtocol {
    /// The string without leading and trailing characters from `set`.
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
