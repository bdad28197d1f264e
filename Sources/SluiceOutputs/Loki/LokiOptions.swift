import SluiceCore

/// The options of a Loki output as read from the pipeline file (strict: unknown keys are
/// errors that name the key and line).
///
/// ```yaml
/// type: loki
/// url: http://loki:3100                  # the push path is added when missing
/// tenant: team-a                         # X-Scope-OrgID
/// labels: { app: ai-workflow, level: "%{[level]}" }
/// structured_metadata: [trace_id, span_id]
/// remove_label_fields: false
/// max_streams: 1000                      # per batch; further events go to an overflow stream
/// max_age: 168h                          # older entries are dead-lettered before sending
/// max_line_bytes: 256KiB
/// on_line_too_long: dead_letter          # | truncate
/// encoding: protobuf                     # | json; protobuf is snappy-compressed, as Promtail sends it
/// ```
/// plus the connection keys every HTTP output shares (``HTTPConnectionOptions``: auth, tls,
/// headers, compression, timeout, connect_timeout, batch, retry).
///
/// `encoding` defaults to protobuf, which costs Sluice less CPU than JSON, gzipped or not
/// (figures in LokiOutput.swift and README's Loki output section). `compression: gzip` applies to JSON only:
/// without an `encoding` key it selects JSON (the choice of smaller bodies for more CPU, as
/// configurations before `encoding` meant it); with `encoding: protobuf` it is an error.
public struct LokiOptions: Sendable, Equatable {
    /// The `type:` that selects this output.
    public static let typeName = "loki"
    /// The push path appended to `url` when missing.
    public static let pushPath = "/loki/api/v1/push"

    /// The full push URL.
    public var url: String
    /// Sent as `X-Scope-OrgID`.
    public var tenant: String?
    public var labels: LokiLabels
    public var structuredMetadata: [FieldPath]
    public var removeLabelFields = false
    public var maxStreams = 1000
    public var limits = LokiLimits()
    /// The push body's format (``LokiEncoding``): protobuf unless `encoding: json`, or
    /// `compression: gzip` without an `encoding` key.
    public var encoding: LokiEncoding = .protobuf
    /// Auth, TLS, headers, compression and timeouts.
    public var connection = HTTPConnectionOptions(timeout: 10)
    public var batch = BatchLimits(maxEvents: 1000, maxBytes: 1 << 20, maxAge: 1)
    public var retry = RetryPolicy()

    /// The encoder these options describe.
    public var encoder: LokiPushEncoder {
        LokiPushEncoder(
            labels: labels, structuredMetadata: structuredMetadata, removeLabelFields: removeLabelFields,
            maxStreams: maxStreams, limits: limits, encoding: encoding)
    }

    /// How request bodies are compressed: snappy for protobuf, else as `compression:` says.
    public var bodyCompression: BodyCompression {
        encoding == .protobuf ? .snappy : BodyCompression(connection.compression)
    }

    /// Reads the output's keys (the `type` key is handled by the loader); nil when invalid,
    /// with every problem reported to the pipeline's diagnostics.
    public init?(from map: ConfigMapping) {
        url = map.required("url").flatMap(Self.readURL) ?? ""
        tenant = map["tenant"]?.nonEmptyString()
        labels = map.required("labels").flatMap(Self.readLabels) ?? LokiLabels.placeholder
        structuredMetadata = [FieldPath(key: "trace_id"), FieldPath(key: "span_id")]
        if let node = map["structured_metadata"], let names = node.stringList() {
            var paths: [FieldPath] = []
            for name in names {
                guard let path = FieldPath(name) else { node.error("\"\(name)\" is not a field path"); continue }
                paths.append(path)
            }
            if paths.count > limits.maxMetadataEntries {
                node.error("\(paths.count) fields; Loki allows at most \(limits.maxMetadataEntries) structured metadata entries")
            }
            structuredMetadata = paths
        }
        removeLabelFields = map["remove_label_fields"]?.bool() ?? false
        maxStreams = map["max_streams"]?.int(in: 1...100_000) ?? 1000
        if let age = map["max_age"]?.duration(in: 1...Double(Int64.max / LokiLimits.second)) {
            limits.maxAge = Int64(age * 1e9)
        }
        if let bytes = map["max_line_bytes"]?.byteSize(in: 1...(1 << 30)) { limits.maxLineBytes = bytes }
        if let policy = map["on_line_too_long"]?.oneOf(["dead_letter", "truncate"]) {
            limits.onLineTooLong = LokiLineTooLongPolicy(rawValue: policy) ?? .deadLetter
        }
        let encodingNode = map["encoding"]
        if let name = encodingNode?.oneOf(LokiEncoding.allCases.map(\.rawValue)) {
            encoding = LokiEncoding(rawValue: name) ?? encoding
        }
        connection.read(from: map, apiKey: false, reserved: ["x-scope-orgid": "use tenant: instead"])
        if connection.compression == .gzip {
            if encodingNode == nil {
                encoding = .json  // gzip compresses JSON bodies only
            } else if encoding == .protobuf {
                map["compression"]?.error(
                    "gzip does not apply to encoding: protobuf; protobuf bodies are snappy-compressed (remove compression, or use encoding: json)")
            }
        }
        HTTPConnectionOptions.warnOnPlainCredentials(connection.auth, url: url, node: map["auth"])
        batch = map["batch"].flatMap { BatchLimits.read($0, defaults: batch, maxBytes: 64 << 20) } ?? batch
        retry = map["retry"].flatMap(RetryPolicy.read) ?? retry
        map.finish()
        guard map.isValid else { return nil }
    }

    static func readURL(_ node: ConfigNode) -> String? {
        guard var url = node.nonEmptyString() else { return nil }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            node.error("expected an http:// or https:// URL")
            return nil
        }
        while url.hasSuffix("/") { url.removeLast() }
        if !url.hasSuffix(pushPath) { url += pushPath }
        return url
    }

    static func readLabels(_ node: ConfigNode) -> LokiLabels? {
        guard let map = node.mapping() else { return nil }
        var pairs: [(name: String, value: String)] = []
        for (key, value) in map.entries {
            guard let text = value.string() else { continue }
            do throws(LokiLabelError) {
                _ = try LokiLabels([(key, text)])
            } catch where !error.label.isEmpty {
                value.error(error.message)
                continue
            } catch {}
            pairs.append((key, text))
        }
        guard map.isValid else { return nil }
        do throws(LokiLabelError) {
            return try LokiLabels(pairs)
        } catch {
            node.error(error.description)
            return nil
        }
    }
}

extension LokiLabels {
    /// Stands in for labels that failed validation while the rest of the options is read.
    static let placeholder: LokiLabels = try! LokiLabels([("sluice", "invalid")])
}
