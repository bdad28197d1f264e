import CCurl
import Testing
@testable import SluiceOutputs

/// What a TLS failure's log line adds to libcurl's message: the `tls:` option to look at.
/// (`TLSCLITests` sees these hints in the agent's log against a real TLS server.)
@Suite struct TLSFailureHintTests {
    @Test func eachTLSFailureNamesTheOptionToCheck() {
        let untrusted = TLSFailureHint.hint(code: CURLE_PEER_FAILED_VERIFICATION, message: "SSL certificate problem: unable to get local issuer certificate")
        #expect(untrusted?.contains("set tls.ca_file") == true)
        #expect(TLSFailureHint.hint(code: CURLE_SSL_CACERT_BADFILE, message: "error setting certificate file: /x/ca.pem")?.hasPrefix("tls.ca_file") == true)
        #expect(TLSFailureHint.hint(code: CURLE_SSL_CERTPROBLEM, message: "could not load PEM client certificate")?.hasPrefix("tls.cert_file or tls.key_file") == true)
        let required = "OpenSSL SSL_read: OpenSSL/3.0.19: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0"
        #expect(TLSFailureHint.hint(code: CURLE_RECV_ERROR, message: required) == "the server requires a client certificate: set tls.cert_file and tls.key_file")
        let refused = "OpenSSL/3.0.19: error:0A000418:SSL routines::tlsv1 alert unknown ca"
        #expect(TLSFailureHint.hint(code: CURLE_SSL_CONNECT_ERROR, message: refused)?.contains("refused the client certificate") == true)
        #expect(TLSFailureHint.hint(code: CURLE_SSL_CONNECT_ERROR, message: "error:0A00010B:SSL routines::wrong version number")?.contains("the TLS handshake failed") == true)
    }

    @Test func otherFailuresGetNoHint() {
        #expect(TLSFailureHint.hint(code: CURLE_COULDNT_CONNECT, message: "Failed to connect to 127.0.0.1 port 9: Connection refused") == nil)
        #expect(TLSFailureHint.hint(code: CURLE_OPERATION_TIMEDOUT, message: "Operation timed out after 10001 milliseconds") == nil)
        #expect(TLSFailureHint.hint(code: CURLE_RECV_ERROR, message: "Recv failure: Connection reset by peer") == nil)
    }

    @Test func theHintFollowsLibcurlsMessageInTheDescription() {
        let error = HTTPTransportError(code: 60, message: "SSL certificate problem", aborted: false, hint: "set tls.ca_file")
        #expect(error.description == "SSL certificate problem (curl error 60); set tls.ca_file")
        #expect(HTTPTransportError(code: 7, message: "refused", aborted: false).description == "refused (curl error 7)")
    }
}
