import Foundation

/// A throwaway PKI for TLS tests, made with the `openssl` CLI in a directory: a CA and, signed
/// by it, a server certificate for `127.0.0.1` and `localhost`, a server certificate for another
/// name (`wrong.example.test`, for the host name check), and a client certificate
/// (`CN=sluice-test-client`). EC P-256 keys, valid for two days.
///
///     let certs = try TestCertificates(in: dir.file("pki"))
///     let proxy = try TLSLoopbackProxy(serving: certs.server, backendPort: es.port)
///     // tls: { ca_file: certs.caFile }
public struct TestCertificates: Sendable {
    /// A certificate and its private key (PEM files).
    public struct Pair: Sendable {
        public var certificate: String
        public var key: String
    }

    /// The CA certificate (PEM): what `tls.ca_file` names to trust the servers.
    public let caFile: String
    /// For `127.0.0.1` and `localhost` (subjectAltName `IP:127.0.0.1, DNS:localhost`).
    public let server: Pair
    /// For `wrong.example.test` only: refused by a client checking the host name.
    public let wrongName: Pair
    /// A client certificate (extendedKeyUsage clientAuth), for servers that require one.
    public let client: Pair

    /// The common name of ``client``.
    public static let clientName = "sluice-test-client"

    /// Generates the files in `directory` (created when missing).
    public init(in directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ca = Pair(certificate: directory + "/ca.pem", key: directory + "/ca.key")
        try ExternalCommand.run(
            ["openssl", "req", "-x509"] + Self.newKey + [
                "-keyout", ca.key, "-out", ca.certificate, "-days", "2", "-subj", "/CN=Sluice Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        caFile = ca.certificate
        server = try Self.issue(directory, "server", subject: "/CN=127.0.0.1", by: ca, extensions: [
            "extendedKeyUsage=serverAuth", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ])
        wrongName = try Self.issue(directory, "wrong-name", subject: "/CN=wrong.example.test", by: ca, extensions: [
            "extendedKeyUsage=serverAuth", "subjectAltName=DNS:wrong.example.test",
        ])
        client = try Self.issue(directory, "client", subject: "/CN=\(Self.clientName)", by: ca, extensions: ["extendedKeyUsage=clientAuth"])
    }

    /// `openssl req` arguments for a new EC P-256 key, unencrypted.
    private static let newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

    /// A key and a certificate for `subject` with `extensions`, signed by `ca`, as
    /// `<directory>/<name>.pem` and `.key`.
    private static func issue(_ directory: String, _ name: String, subject: String, by ca: Pair, extensions: [String]) throws -> Pair {
        let base = directory + "/" + name
        let pair = Pair(certificate: base + ".pem", key: base + ".key")
        try ExternalCommand.run(["openssl", "req", "-new"] + newKey + ["-keyout", pair.key, "-out", base + ".csr", "-subj", subject])
        try Data((["basicConstraints=CA:FALSE", "keyUsage=critical,digitalSignature"] + extensions).joined(separator: "\n").utf8)
            .write(to: URL(fileURLWithPath: base + ".ext"))
        let serial = "0x" + (0..<16).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined()
        try ExternalCommand.run([
            "openssl", "x509", "-req", "-in", base + ".csr", "-CA", ca.certificate, "-CAkey", ca.key,
            "-set_serial", serial, "-days", "2", "-out", pair.certificate, "-extfile", base + ".ext",
        ])
        return pair
    }
}
