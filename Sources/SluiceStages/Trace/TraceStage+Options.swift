import SluiceCore

extension TraceStage {
    /// The stage's options.
    public struct Options: StageOptions {
        public static let typeName = "trace"
        public static let defaultTraceIDFields = ["trace_id", "traceId", "traceID", "otelTraceID", "trace.id", "otel.trace_id"]
        public static let defaultSpanIDFields = ["span_id", "spanId", "spanID", "otelSpanID", "span.id", "otel.span_id"]
        public static let defaultTraceparentFields = ["traceparent", "headers.traceparent", "http.headers.traceparent"]

        /// Where trace ids are looked for, in order (`trace_id_from`).
        public var traceIDFrom: [FieldPath] = defaultTraceIDFields.compactMap(FieldPath.init)
        /// Where span ids are looked for, in order (`span_id_from`).
        public var spanIDFrom: [FieldPath] = defaultSpanIDFields.compactMap(FieldPath.init)
        /// Where W3C `traceparent` values are looked for (`traceparent_from`).
        public var traceparentFrom: [FieldPath] = defaultTraceparentFields.compactMap(FieldPath.init)
        /// Where the canonical trace id is written (`trace_id_to`).
        public var traceIDTo = FieldPath(key: "trace_id")
        /// Where the canonical span id is written (`span_id_to`).
        public var spanIDTo = FieldPath(key: "span_id")
        /// Also write ECS `trace.id` and `span.id` (`ecs`).
        public var ecs = false
        /// Set to `true` on events without a trace id; nil: no flag (`missing_flag`).
        public var missingFlag: FieldPath? = FieldPath(key: "trace_missing")
        /// Set to `true` on events whose ids are malformed or all zero (`invalid_flag`).
        public var invalidFlag: FieldPath? = FieldPath(key: "trace_invalid")
        /// Remove the fields an id was read from when they are not the target (`remove_sources`).
        public var removeSources = false
        /// A link to the trace viewer (`url`), written to `url_field`.
        public var url: TraceURLTemplate?
        public var urlField = FieldPath(key: "trace_url")

        public init() {}

        public init?(from map: ConfigMapping) {
            if let v = map["trace_id_from"], let p = v.fieldPaths() { traceIDFrom = p }
            if let v = map["span_id_from"], let p = v.fieldPaths() { spanIDFrom = p }
            if let v = map["traceparent_from"], let p = v.fieldPaths() { traceparentFrom = p }
            if let p = map["trace_id_to"]?.fieldPath() { traceIDTo = p }
            if let p = map["span_id_to"]?.fieldPath() { spanIDTo = p }
            if let b = map["ecs"]?.bool() { ecs = b }
            if let f = map["missing_flag"]?.fieldPathOrOff() { missingFlag = f }
            if let f = map["invalid_flag"]?.fieldPathOrOff() { invalidFlag = f }
            if let b = map["remove_sources"]?.bool() { removeSources = b }
            if let v = map["url"], let text = v.nonEmptyString() {
                do throws(TraceURLTemplate.Failure) { url = try TraceURLTemplate(text) } catch { v.error(error.description) }
            }
            if let p = map["url_field"]?.fieldPath() { urlField = p }
            if traceIDFrom.isEmpty && traceparentFrom.isEmpty {
                map.node.error("trace_id_from and traceparent_from are both empty: nowhere to find a trace id")
            }
            map.finish()
            guard map.isValid else { return nil }
        }

        public func makeStage(context: StageContext) -> any Stage {
            TraceStage(options: self, context: context)
        }
    }
}
