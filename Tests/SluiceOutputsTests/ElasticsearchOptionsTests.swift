import SluiceCore
import Testing
@testable import SluiceOutputs

@Suite struct ElasticsearchOptionsTests {
    static func load(_ output: String, environment: [String: String] = [:]) -> Result<ElasticsearchOptions, PipelineConfigError> {
        let indented = output.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        let yaml = """
            sources:
              app: { type: file, include: ["/tmp/sluice-es-test/*.log"] }
            outputs:
              es:
                type: elasticsearch
            \(indented)
            """
        let loader = PipelineLoader(stageTypes: [], outputTypes: [ElasticsearchOptions.self], environment: environment)
        return loader.load(text: yaml, file: "/tmp/p.yaml").map { $0.outputs[0].options as! ElasticsearchOptions }
    }

    static func errors(_ output: String) -> [String] {
        switch load(output) {
        case .success: return []
        case .failure(let error): return error.errors.map(\.description)
        }
    }

    @Test func defaults() throws {
        let options = try Self.load("url: https://es.internal:9200/").get()
        #expect(options.url == "https://es.internal:9200")
        #expect(options.index.template == "logs-%{+YYYY.MM.dd}")
        #expect(options.index.fallback == "unknown")
        #expect(options.action == .create)
        #expect(options.pipeline == nil)
        #expect(options.connection.auth == .none)
        #expect(options.connection.tls == TLSOptions())
        #expect(options.connection.headers.isEmpty)
        #expect(options.batch == BatchLimits(maxEvents: 1000, maxBytes: 5 << 20, maxAge: 1))
        #expect(options.connection.compression == HTTPCompression.none)
        #expect(options.connection.timeout == 30)
        #expect(options.retry == RetryPolicy(initial: 0.1, max: 30, maxAttempts: 0))
    }

    @Test func everyKey() throws {
        let options = try Self.load("""
            url: https://es:9200
            index: ai-workflow-logs-%{[service]}-%{+YYYY.MM.dd}
            index_fallback: other
            action: index
            pipeline: geoip-v2
            auth: { api_key: "${ES_KEY}" }
            tls: { ca_file: /etc/ca.pem, cert_file: certs/c.pem, key_file: certs/k.pem, verify: true }
            headers: { X-Team: logs, X-Trace: "on" }
            batch: { max_events: 500, max_bytes: 1MiB, max_age: 250ms }
            compression: none
            timeout: 5s
            retry: { initial: 50ms, max: 10s, max_attempts: 7 }
            """, environment: ["ES_KEY": "c2VjcmV0"]).get()
        #expect(options.index.template == "ai-workflow-logs-%{[service]}-%{+YYYY.MM.dd}")
        #expect(options.index.fallback == "other")
        #expect(options.action == .index)
        #expect(options.pipeline == "geoip-v2")
        #expect(options.connection.auth == .apiKey("c2VjcmV0"))
        #expect(options.connection.auth.description == "api_key (hidden)")
        #expect(options.connection.tls == TLSOptions(caFile: "/etc/ca.pem", certFile: "/tmp/certs/c.pem", keyFile: "/tmp/certs/k.pem"))
        #expect(options.connection.headers.map { "\($0.name)=\($0.value)" } == ["X-Team=logs", "X-Trace=on"])
        #expect(options.batch == BatchLimits(maxEvents: 500, maxBytes: 1 << 20, maxAge: 0.25))
        #expect(options.connection.compression == HTTPCompression.none)
        #expect(options.connection.timeout == 5)
        #expect(options.retry == RetryPolicy(initial: 0.05, max: 10, maxAttempts: 7))
    }

    @Test func basicAndBearer() throws {
        let basic = try Self.load("url: https://es\nauth: { basic: { user: shipper, password: \"${PW}\" } }", environment: ["PW": "hunter2"]).get()
        #expect(basic.connection.auth == .basic(user: "shipper", password: "hunter2"))
        #expect(!basic.connection.auth.description.contains("hunter2"))
        let bearer = try Self.load("url: https://es\nauth: { bearer: tok }").get()
        #expect(bearer.connection.auth == .bearer("tok"))
    }

    @Test(arguments: [
        ("url: https://es\nbatch: { max_event: 5 }", "outputs.es.batch.max_event: unknown key (/tmp/p.yaml:7:14); did you mean \"max_events\"?"),
        ("index: logs", "outputs.es.url: missing required key (/tmp/p.yaml:5:5)"),
        ("url: es:9200", "outputs.es.url: expected an http:// or https:// URL such as https://es.internal:9200, found \"es:9200\" (/tmp/p.yaml:6:10)"),
        ("url: https://es\nindex: Logs-%{+YYYY}", "outputs.es.index: \"Logs-\": index names must be lowercase, without \\ / * ? \" < > | , # : space or control characters (/tmp/p.yaml:7:12)"),
        ("url: https://es\nindex_fallback: _x", "outputs.es.index_fallback: fallback \"_x\" must be non-empty, lowercase and allowed in index names (/tmp/p.yaml:7:21)"),
        ("url: https://es\naction: upsert", "outputs.es.action: \"upsert\" is not one of create, index (/tmp/p.yaml:7:13)"),
        ("url: https://es\nauth: { api_key: a, bearer: b }", "outputs.es.auth: name only one of basic, api_key or bearer (/tmp/p.yaml:7:11)"),
        ("url: https://es\nauth: { basic: { user: u } }", "outputs.es.auth.basic.password: missing required key (/tmp/p.yaml:7:20)"),
        ("url: https://es\ntls: { cert_file: c.pem }", "outputs.es.tls: cert_file and key_file go together (a client certificate needs its key) (/tmp/p.yaml:7:10)"),
        ("url: https://es\nheaders: { Content-Type: text/plain }", "outputs.es.headers.Content-Type: Content-Type is set by the output itself (/tmp/p.yaml:7:30)"),
        ("url: https://es\ncompression: br", "outputs.es.compression: \"br\" is not one of gzip, none (/tmp/p.yaml:7:18)"),
        ("url: https://es\nretry: { initial: 1m, max: 10s }", "outputs.es.retry.initial: initial must not exceed max (/tmp/p.yaml:7:23)"),
        ("url: https://es\nbatch: { max_bytes: 200MiB }", "outputs.es.batch.max_bytes: 200MiB is out of range 1024...104857600 bytes (/tmp/p.yaml:7:25)"),
    ])
    func strictErrors(yaml: String, expected: String) {
        #expect(Self.errors(yaml) == [expected])
    }

    @Test func registered() {
        #expect(OutputTypes.all.contains { $0.typeName == ElasticsearchOptions.typeName })
        #expect(OutputTypes.all.contains { $0.typeName == LokiOptions.typeName })
    }
}
