import SluiceCore
import Testing
@testable import SluiceOutputs

/// The Loki output's keys: defaults, strictness, errors that name the key and line.
@Suite struct LokiOptionsTests {
    func load(_ output: String) -> Result<LokiOptions, PipelineConfigError> {
        let yaml = """
            sources:
              app: { type: file, include: ["/tmp/none/*.jsonl"] }
            outputs:
              loki:
                type: loki
            \(output)
            """
        let loader = PipelineLoader(stageTypes: [], outputTypes: [LokiOptions.self], environment: ["TOKEN": "t0k"])
        return loader.load(text: yaml, file: "pipeline.yaml").map { config in
            config.outputs[0].options as! LokiOptions
        }
    }

    func errors(_ output: String) -> [String] {
        if case .failure(let error) = load(output) { return error.errors.map(\.description) }
        return []
    }

    @Test func defaults() throws {
        let options = try load("""
                url: http://loki:3100
                labels: { job: sluice, level: "%{[level]}" }
            """).get()
        #expect(options.url == "http://loki:3100/loki/api/v1/push")
        #expect(options.tenant == nil)
        #expect(options.labels.labels.map(\.name) == ["job", "level"])
        #expect(options.structuredMetadata == [FieldPath(key: "trace_id"), FieldPath(key: "span_id")])
        #expect(options.removeLabelFields == false && options.maxStreams == 1000)
        #expect(options.limits == LokiLimits())
        #expect(options.limits.maxAge == 168 * 3600 * LokiLimits.second && options.limits.maxLineBytes == 262_144)
        #expect(options.connection.auth == .none && options.connection.tls == TLSOptions() && options.connection.headers.isEmpty)
        #expect(options.batch == BatchLimits(maxEvents: 1000, maxBytes: 1 << 20, maxAge: 1))
        #expect(options.connection.compression == .none && options.connection.timeout == 10 && options.retry == RetryPolicy())
        #expect(options.encoding == .protobuf && options.encoder.encoding == .protobuf && options.bodyCompression == .snappy)
    }

    @Test func encodingChoosesTheBodyAndItsCompression() throws {
        func options(_ keys: String) throws -> LokiOptions {
            try load("    url: http://loki:3100\n    labels: { job: sluice }\n" + keys).get()
        }
        let protobuf = try options("    encoding: protobuf")
        #expect(protobuf.encoding == .protobuf && protobuf.encoder.encoding == .protobuf)
        #expect(protobuf.bodyCompression == .snappy && protobuf.encoding.contentType == "application/x-protobuf")
        #expect(try options("    encoding: protobuf\n    compression: none").bodyCompression == .snappy)
        #expect(try options("    compression: none").encoding == .protobuf)
        let json = try options("    encoding: json\n    compression: gzip")
        #expect(json.encoding == .json && json.bodyCompression == .gzip && json.encoding.contentType == "application/json")
        #expect(try options("    encoding: json").bodyCompression == BodyCompression.none)
        // gzip compresses JSON only: without an encoding key it selects JSON.
        let gzip = try options("    compression: gzip")
        #expect(gzip.encoding == .json && gzip.encoder.encoding == .json && gzip.bodyCompression == .gzip)
        #expect(BodyCompression.snappy.contentEncoding == nil && BodyCompression.gzip.contentEncoding == "gzip")
    }

    @Test func everyKey() throws {
        let options = try load("""
                url: https://logs.example/loki/api/v1/push/
                tenant: team-a
                labels: { service: "%{[service]}" }
                structured_metadata: [trace_id, "[http][request_id]"]
                remove_label_fields: true
                max_streams: 50
                max_age: 24h
                max_line_bytes: 64KiB
                on_line_too_long: truncate
                auth: { bearer: "${TOKEN}" }
                tls: { ca_file: /etc/ca.pem, cert_file: c.pem, key_file: k.pem }
                headers: { X-Extra: "1" }
                batch: { max_events: 10, max_bytes: 2MiB, max_age: 250ms }
                compression: none
                timeout: 30s
                retry: { initial: 1s, max: 1m, max_attempts: 5 }
            """).get()
        #expect(options.url == "https://logs.example/loki/api/v1/push")
        #expect(options.tenant == "team-a")
        #expect(options.structuredMetadata.map(\.description) == ["trace_id", "http.request_id"])
        #expect(options.removeLabelFields && options.maxStreams == 50)
        #expect(options.limits.maxAge == 24 * 3600 * LokiLimits.second)
        #expect(options.limits.maxLineBytes == 65_536 && options.limits.onLineTooLong == .truncate)
        #expect(options.connection.auth == .bearer("t0k"))
        #expect(options.connection.tls.caFile == "/etc/ca.pem" && options.connection.tls.certFile?.hasSuffix("/c.pem") == true)
        #expect(options.connection.headers == [HTTPHeader("X-Extra", "1")])
        #expect(options.batch == BatchLimits(maxEvents: 10, maxBytes: 2 << 20, maxAge: 0.25))
        #expect(options.connection.compression == .none && options.connection.timeout == 30)
        #expect(options.retry == RetryPolicy(initial: 1, max: 60, maxAttempts: 5))
        #expect(options.encoder.maxStreams == 50)
    }

    static let invalid: [(String, String)] = [
        ("    labels: { job: x }", "outputs.loki.url: missing required key"),
        ("    url: http://l\n    labels: {}", "outputs.loki.labels: give at least one label"),
        ("    url: http://l", "outputs.loki.labels: missing required key"),
        ("    url: http://l\n    labels: { bad-name: x }", "outputs.loki.labels.bad-name: not a valid Loki label name (letters, digits and _, not starting with a digit) (pipeline.yaml:7:25)"),
        ("    url: http://l\n    labels: { job: x }\n    lables: {}", #"outputs.loki.lables: unknown key (pipeline.yaml:8:5); did you mean "labels"?"#),
        ("    url: loki:3100\n    labels: { job: x }", "outputs.loki.url: expected an http:// or https:// URL (pipeline.yaml:6:10)"),
        ("    url: http://l\n    labels: { job: x }\n    compression: br", #"outputs.loki.compression: "br" is not one of gzip, none (pipeline.yaml:8:18)"#),
        ("    url: http://l\n    labels: { job: x }\n    on_line_too_long: drop", #"outputs.loki.on_line_too_long: "drop" is not one of dead_letter, truncate"#),
        ("    url: http://l\n    labels: { job: x }\n    auth: { basic: { user: u, password: p }, bearer: t }", "outputs.loki.auth: name only one of basic or bearer"),
        ("    url: http://l\n    labels: { job: x }\n    auth: { basic: { user: u } }", "outputs.loki.auth.basic.password: missing required key"),
        ("    url: http://l\n    labels: { job: x }\n    headers: { X-Scope-OrgID: a }", "outputs.loki.headers.X-Scope-OrgID: use tenant: instead"),
        ("    url: http://l\n    labels: { job: x }\n    batch: { max_evnts: 5 }", #"outputs.loki.batch.max_evnts: unknown key"#),
        ("    url: http://l\n    labels: { job: x }\n    tls: { cert_file: c.pem }", "outputs.loki.tls: cert_file and key_file go together"),
        ("    url: http://l\n    labels: { job: x }\n    max_streams: 0", "outputs.loki.max_streams: 0 is out of range 1...100000"),
        ("    url: http://l\n    labels: { job: x }\n    encoding: avro", #"outputs.loki.encoding: "avro" is not one of json, protobuf (pipeline.yaml:8:15)"#),
        ("    url: http://l\n    labels: { job: x }\n    encoding: protobuf\n    compression: gzip",
         "outputs.loki.compression: gzip does not apply to encoding: protobuf; protobuf bodies are snappy-compressed (remove compression, or use encoding: json) (pipeline.yaml:9:18)"),
    ]

    @Test(arguments: invalid.indices)
    func reportsTheKeyAndLine(_ index: Int) {
        let (yaml, message) = Self.invalid[index]
        let errors = errors(yaml)
        #expect(errors.contains { $0.hasPrefix(message) }, "got \(errors)")
    }
}
