import SluiceCore

/// Reading the keys every HTTP output shares, strictly (unknown keys and bad values are errors
/// naming their key path and line):
///
/// ```yaml
/// auth: { basic: { user: u, password: "${PW}" } }   # or password_file: /run/secrets/pw
///                                                  # | api_key / api_key_file (Elasticsearch)
///                                                  # | bearer / bearer_file
/// tls: { ca_file: ca.pem, cert_file: c.pem, key_file: k.pem, verify: true }
/// headers: { X-Team: logs }
/// compression: gzip                                # none (default) | gzip
/// timeout: 30s                                     # whole request
/// connect_timeout: 10s
/// batch: { max_events: 1000, max_bytes: 5MiB, max_age: 1s }
/// retry: { initial: 100ms, max: 30s, max_attempts: 0 }   # 0: forever
/// ```
extension HTTPConnectionOptions {
    /// Headers no output lets users set (the output sets them itself).
    static let reservedHeaders: Set<String> = ["content-type", "content-encoding", "content-length", "host", "transfer-encoding", "expect"]

    /// Reads the shared connection keys of `map`. `apiKey` allows `auth.api_key`;
    /// `reserved` maps further header names (lower case) to the error that explains them.
    mutating func read(from map: ConfigMapping, apiKey: Bool, reserved: [String: String] = [:]) {
        if let auth = map["auth"].flatMap({ Self.readAuth($0, apiKey: apiKey) }) { self.auth = auth }
        if let tls = map["tls"].flatMap(Self.readTLS) { self.tls = tls }
        if let headers = map["headers"].flatMap({ Self.readHeaders($0, reserved: reserved) }) { self.headers = headers }
        if let c = map["compression"]?.oneOf(HTTPCompression.allCases.map(\.rawValue)).flatMap(HTTPCompression.init(rawValue:)) {
            compression = c
        }
        if let t = map["timeout"]?.duration(in: 0.001...3600) { timeout = t }
        if let t = map["connect_timeout"]?.duration(in: 0.001...3600) { connectTimeout = t }
    }

    /// Warns when basic credentials would cross the network in clear text.
    static func warnOnPlainCredentials(_ auth: HTTPAuth, url: String?, node: ConfigNode?) {
        if case .basic = auth, let url, url.lowercased().hasPrefix("http://") {
            node?.warning("credentials are sent over plain http://; use https://")
        }
    }

    static func readAuth(_ node: ConfigNode, apiKey allowAPIKey: Bool) -> HTTPAuth? {
        guard let map = node.mapping() else { return nil }
        var found: [HTTPAuth] = []
        if let basic = map["basic"]?.mapping() {
            let user = basic.required("user")?.nonEmptyString()
            let password = secret(basic, "password")
            basic.finish()
            if let user, let password { found.append(.basic(user: user, password: password)) }
        }
        if allowAPIKey, let key = secret(map, "api_key", required: false) { found.append(.apiKey(key)) }
        if let token = secret(map, "bearer", required: false) { found.append(.bearer(token)) }
        map.finish()
        guard map.isValid else { return nil }
        let names = allowAPIKey ? "basic, api_key or bearer" : "basic or bearer"
        guard found.count == 1 else {
            node.error(found.isEmpty ? "name one of \(names)" : "name only one of \(names)")
            return nil
        }
        return found[0]
    }

    /// A secret given inline (`name`, usually `${ENV}`) or read from a file (`name_file`,
    /// e.g. a mounted Kubernetes secret; one trailing newline is dropped).
    static func secret(_ map: ConfigMapping, _ name: String, required: Bool = true) -> String? {
        let inline = map[name]
        let file = map[name + "_file"]
        if inline != nil, let file {
            file.error("give \(name) or \(name)_file, not both")
            return nil
        }
        if let inline { return inline.nonEmptyString() }
        if let file, let path = file.filePath() {
            guard let bytes = try? FileIO.readAll(path) else {
                file.error("cannot read \(path)")
                return nil
            }
            var text = String(decoding: bytes, as: UTF8.self)
            if text.hasSuffix("\r\n") { text.removeLast(2) } else if text.hasSuffix("\n") { text.removeLast() }
            guard !text.isEmpty else {
                file.error("\(path) is empty")
                return nil
            }
            return text
        }
        if required { _ = map.required(name) }
        return nil
    }

    static func readTLS(_ node: ConfigNode) -> TLSOptions? {
        guard let map = node.mapping() else { return nil }
        var tls = TLSOptions()
        tls.caFile = map["ca_file"]?.filePath()
        let certNode = map["cert_file"]
        tls.certFile = certNode?.filePath()
        let keyNode = map["key_file"]
        tls.keyFile = keyNode?.filePath()
        if let verify = map["verify"]?.bool() { tls.verify = verify }
        if (certNode == nil) != (keyNode == nil) {
            node.error("cert_file and key_file go together (a client certificate needs its key)")
        }
        if !tls.verify { map["verify"]?.warning("the server's certificate is not verified") }
        map.finish()
        return map.isValid ? tls : nil
    }

    static func readHeaders(_ node: ConfigNode, reserved: [String: String]) -> [HTTPHeader]? {
        guard let map = node.mapping() else { return nil }
        var headers: [HTTPHeader] = []
        for (name, value) in map.entries {
            _ = map[name]
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                value.error("\"\(name)\" is not a valid header name")
                continue
            }
            if let why = reserved[name.lowercased()] {
                value.error(why)
                continue
            }
            guard !reservedHeaders.contains(name.lowercased()) else {
                value.error("\(name) is set by the output itself")
                continue
            }
            guard let text = value.string() else { continue }
            guard !text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) else {
                value.error("header values must not hold line breaks")
                continue
            }
            headers.append(HTTPHeader(name, text))
        }
        map.finish()
        return map.isValid ? headers : nil
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(b)
        }
    }
}

extension BatchLimits {
    /// Reads `batch:`; `maxBytes` bounds `max_bytes` (the backend's request size limit).
    static func read(_ node: ConfigNode, defaults: BatchLimits, maxBytes: Int) -> BatchLimits? {
        guard let map = node.mapping() else { return nil }
        var batch = defaults
        if let v = map["max_events"]?.int(in: 1...1_000_000) { batch.maxEvents = v }
        if let v = map["max_bytes"]?.byteSize(in: 1024...maxBytes) { batch.maxBytes = v }
        if let v = map["max_age"]?.duration(in: 0.001...3600) { batch.maxAge = v }
        map.finish()
        return map.isValid ? batch : nil
    }
}

extension RetryPolicy {
    /// Reads `retry:`.
    static func read(_ node: ConfigNode) -> RetryPolicy? {
        guard let map = node.mapping() else { return nil }
        var retry = RetryPolicy()
        let initialNode = map["initial"]
        if let v = initialNode?.duration(in: 0.001...3600) { retry.initial = v }
        if let v = map["max"]?.duration(in: 0.001...86_400) { retry.max = v }
        if let v = map["max_attempts"]?.int(in: 0...1_000_000) { retry.maxAttempts = v }
        if retry.initial > retry.max { (initialNode ?? node).error("initial must not exceed max") }
        map.finish()
        return map.isValid ? retry : nil
    }
}
