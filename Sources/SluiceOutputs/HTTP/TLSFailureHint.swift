import CCurl

/// Which `tls:` option to look at when a request failed in TLS. libcurl's message says what
/// went wrong ("SSL certificate problem: unable to get local issuer certificate"); the hint says
/// what to change. Built from the error code and libcurl's message only: no URL, credential or
/// request content.
enum TLSFailureHint {
    /// The hint for a failed request, or nil when the failure is not about TLS.
    static func hint(code: CURLcode, message: String) -> String? {
        let text = message.lowercased()
        switch code {
        case CURLE_PEER_FAILED_VERIFICATION:
            return "the server's certificate is not trusted or does not name the URL's host: "
                + "set tls.ca_file to the CA that signed it, and use a host name the certificate lists"
        case CURLE_SSL_CACERT_BADFILE:
            return "tls.ca_file could not be loaded (missing, unreadable or not PEM)"
        case CURLE_SSL_CERTPROBLEM:
            return "tls.cert_file or tls.key_file could not be used (missing, unreadable, not PEM, or a key that does not match)"
        case CURLE_SSL_CONNECT_ERROR, CURLE_RECV_ERROR, CURLE_SEND_ERROR:
            // The server's alerts, as OpenSSL words them.
            if text.contains("certificate required") {
                return "the server requires a client certificate: set tls.cert_file and tls.key_file"
            }
            if ["alert bad certificate", "alert unknown ca", "alert certificate unknown", "alert certificate expired", "alert certificate revoked"]
                .contains(where: text.contains)
            {
                return "the server refused the client certificate (tls.cert_file): is it signed by a CA the server trusts, and valid?"
            }
            if code == CURLE_SSL_CONNECT_ERROR {
                return "the TLS handshake failed: check that the port speaks TLS, and whether the server requires a client certificate (tls.cert_file, tls.key_file)"
            }
            return nil
        default:
            return nil
        }
    }
}
