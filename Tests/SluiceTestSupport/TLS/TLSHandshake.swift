/// One TLS handshake a ``TLSLoopbackProxy`` completed or refused, as it reported it.
public enum TLSHandshake: Sendable, Equatable {
    /// Completed: the client certificate's common name (nil when the client sent none) and
    /// the protocol version (`TLSv1.3`). Only these connections reach the backend.
    case completed(client: String?, protocolVersion: String)
    /// Refused or aborted, with OpenSSL's reason (`TLSV1_ALERT_UNKNOWN_CA`: the client did not
    /// trust the server; `PEER_DID_NOT_RETURN_A_CERTIFICATE`: no client certificate).
    case failed(reason: String)

    /// Parses a `handshake …` line of the proxy's standard output.
    init?(line: Substring) {
        if line.hasPrefix("handshake ok ") {
            var client: String?
            var version = ""
            for field in line.dropFirst("handshake ok ".count).split(separator: " ") {
                if field.hasPrefix("client=") {
                    let name = field.dropFirst("client=".count)
                    client = name == "-" ? nil : String(name)
                } else if field.hasPrefix("protocol=") {
                    version = String(field.dropFirst("protocol=".count))
                }
            }
            self = .completed(client: client, protocolVersion: version)
        } else if line.hasPrefix("handshake failed ") {
            self = .failed(reason: String(line.dropFirst("handshake failed ".count)))
        } else {
            return nil
        }
    }

    /// Whether the handshake completed (the connection went on to the backend).
    public var isCompleted: Bool {
        if case .completed = self { return true }
        return false
    }
}
