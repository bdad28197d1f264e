import NIOCore
import NIOHTTP1
import SluiceCore

/// One connection's requests: routes each whole request to ``APIRoutes`` and writes the
/// answer. Keep-alive is honoured; a reload runs on a thread of its own and its answer is
/// written back on the event loop.
final class APIRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let routes: any APIRoutes
    let maxBodyBytes: Int
    private var head: HTTPRequestHead?
    private var bodyBytes = 0

    init(routes: any APIRoutes, maxBodyBytes: Int) {
        self.routes = routes
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            bodyBytes = 0
        case .body(let chunk):
            // The body is not used: only its size matters.
            bodyBytes += chunk.readableBytes
        case .end:
            guard let head else { return }
            self.head = nil
            if bodyBytes > maxBodyBytes {
                respond(context, head, .error(413, "request body too large"), close: true)
                return
            }
            route(context, head)
        }
    }

    func route(_ context: ChannelHandlerContext, _ head: HTTPRequestHead) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let methods = Self.methods[path]
        guard let methods else {
            respond(context, head, .error(404, "not found: try /metrics, /health, /ready or POST /-/reload"))
            return
        }
        guard methods.contains(head.method) || (head.method == .HEAD && methods.contains(.GET)) else {
            var response = APIResponse.error(405, "method not allowed")
            response.body = #"{"error":"method not allowed","allow":"# + JSONText.quoted(methods.map(\.rawValue).joined(separator: ", ")) + "}"
            respond(context, head, response, allow: methods)
            return
        }
        switch path {
        case "/metrics":
            respond(context, head, APIResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: routes.metrics()))
        case "/health":
            respond(context, head, routes.health())
        case "/ready":
            respond(context, head, routes.ready())
        default:  // "/-/reload": may take as long as the swap; off the event loop.
            let routes = self.routes
            let loop = context.eventLoop
            let bound = NIOLoopBound((self, context), eventLoop: loop)
            do {
                try NativeThread.start(name: "sluice-reload") {
                    let answer = routes.reload()
                    loop.execute {
                        let (handler, context) = bound.value
                        handler.respond(context, head, answer)
                    }
                }.detach()
            } catch {
                respond(context, head, .error(503, "cannot start the reload: \(error)"))
            }
        }
    }

    static let methods: [String: [HTTPMethod]] = [
        "/metrics": [.GET], "/health": [.GET], "/ready": [.GET], "/-/reload": [.POST],
    ]

    func respond(_ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ response: APIResponse, allow: [HTTPMethod] = [], close: Bool = false) {
        let body = Array(response.body.utf8)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: String(body.count))
        headers.add(name: "Cache-Control", value: "no-store")
        if !allow.isEmpty { headers.add(name: "Allow", value: allow.map(\.rawValue).joined(separator: ", ")) }
        let keepAlive = request.isKeepAlive && !close
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        if request.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let done = context.writeAndFlushPromise()
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        if !keepAlive {
            let channel = context.channel
            done.futureResult.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // A client that sent no whole request within the idle timeout.
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

extension ChannelHandlerContext {
    fileprivate func writeAndFlushPromise() -> EventLoopPromise<Void> {
        eventLoop.makePromise(of: Void.self)
    }
}
