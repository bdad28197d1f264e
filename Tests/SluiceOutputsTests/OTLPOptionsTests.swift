import SluiceCore
import Testing
@testable import SluiceOutputs

/// The OTLP output's keys: defaults, the export URL, the mapping options, strictness and
/// errors that name the key and line.
@Suite struct OTLPOptionsTests {
    func load(_ output: String, environment: [String: String] = ["POD_NAME": "api-7d9f", "POD_NAMESPACE": "ml"]) -> Result<OTLPOptions, PipelineConfigError> {
        let yaml = """
            sources:
              app: { type: file, include: ["/tmp/none/*.jsonl"] }
            outputs:
              collector:
                type: otlp
            \(output)
            """
        let loader = PipelineLoader(stageTypes: [], outputTypes: [OTLPOptions.self], environment: environment)
        return loader.load(text: yaml, file: "pipeline.yaml").map { $0.outputs[0].options as! OTLPOptions }
    }

    func errors(_ output: String) -> [String] {
        if case .failure(let error) = load(output) { return error.errors.map(\.description) }
        return []
    }

    @Test func defaults() throws {
        let options = try load("    url: http://otel-collector:4318").get()
        #expect(options.url == "http://otel-collector:4318/v1/logs")
        #expect(options.encoder.encoding == .protobuf)
        #expect(options.encoder.body == .field([FieldPath(key: "event"), FieldPath(key: "message"), FieldPath(key: "msg")]))
        #expect(options.encoder.severityField == FieldPath(key: "level"))
        #expect(options.encoder.traceIDField == FieldPath(key: "trace_id") && options.encoder.spanIDField == FieldPath(key: "span_id"))
        #expect(options.encoder.resource.isEmpty)
        #expect(options.connection.compression == .none)
        #expect(options.batch == BatchLimits(maxEvents: 1000, maxBytes: 1 << 20, maxAge: 1))
    }

    @Test(arguments: [
        ("    url: http://collector:4318/", "http://collector:4318/v1/logs"),
        ("    url: http://collector:4318/v1/logs", "http://collector:4318/v1/logs"),
        ("    url: http://loki:3100\n    path: /otlp/v1/logs", "http://loki:3100/otlp/v1/logs"),
        ("    url: https://gateway.example/otlp\n    path: /v1/logs", "https://gateway.example/otlp/v1/logs"),
    ])
    func theExportURLIsTheBasePlusThePath(_ output: String, _ url: String) throws {
        #expect(try load(output).get().url == url)
    }

    @Test func mappingResourceAndEncodingOptions() throws {
        let options = try load("""
                url: http://collector:4318
                encoding: json
                compression: gzip
                body: [message, msg]
                severity_field: severity
                numeric_levels: bunyan
                trace_id_field: otelTraceID
                span_id_field: otelSpanID
                resource:
                  service.name: ai-workflow
                  k8s.pod.name: ${POD_NAME}
                  k8s.namespace.name: ${POD_NAMESPACE}
                  k8s.container.name: "%{[kubernetes][container]}"
            """).get()
        #expect(options.encoder.encoding == .json && options.connection.compression == .gzip)
        #expect(options.encoder.body == .field([FieldPath(key: "message"), FieldPath(key: "msg")]))
        #expect(options.encoder.severityField == FieldPath(key: "severity"))
        #expect(options.encoder.levels.numeric == .bunyan)
        #expect(options.encoder.traceIDField == FieldPath(key: "otelTraceID") && options.encoder.spanIDField == FieldPath(key: "otelSpanID"))
        #expect(options.encoder.resource.map(\.key) == ["service.name", "k8s.pod.name", "k8s.namespace.name", "k8s.container.name"])
        #expect(options.encoder.resource.map(\.value) == [
            .text("ai-workflow"), .text("api-7d9f"), .text("ml"), .field(FieldPath("[kubernetes][container]")!),
        ])
        #expect(try load("    url: http://c:4318\n    body: whole_event\n    severity_field: \"\"").get().encoder.body == .wholeEvent)
        #expect(try load("    url: http://c:4318\n    severity_field: \"\"").get().encoder.severityField == nil)
    }

    @Test func badValuesNameTheKeyAndLine() {
        #expect(errors("    url: collector:4318") == ["outputs.collector.url: expected an http:// or https:// URL (pipeline.yaml:6:10)"])
        #expect(errors("    url: http://c:4318\n    path: v1/logs") == [
            "outputs.collector.path: expected a path starting with /, e.g. /v1/logs or /otlp/v1/logs (pipeline.yaml:7:11)",
        ])
        #expect(errors("    url: http://c:4318\n    encoding: avro").first?.contains("outputs.collector.encoding") == true)
        #expect(errors("    url: http://c:4318\n    resource: { a: \"x %{[b]}\" }") == [
            "outputs.collector.resource.a: a value is either static text or one field reference such as %{[service]} (pipeline.yaml:7:20)",
        ])
        #expect(errors("    url: http://c:4318\n    bodyy: event").first?.contains("outputs.collector.bodyy: unknown key") == true)
        #expect(errors("    path: /v1/logs").first?.contains("outputs.collector.url: missing required key") == true)
    }
}
