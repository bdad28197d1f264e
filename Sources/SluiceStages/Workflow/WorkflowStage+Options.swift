import SluiceCore

extension WorkflowStage {
    /// The stage's options (see ``WorkflowStage``).
    public struct Options: StageOptions {
        public static let typeName = "workflow"
        public var key = FieldPath(key: "workflow_id")
        /// The key's name in `workflow_incomplete` events (as configured).
        public var keyName = "workflow_id"
        public var stepField = FieldPath(key: "step")
        public var steps: [String] = []
        public var completeWithin: Double = 900
        public var maxRuns = 10_000
        public var levelField = FieldPath(key: "level")
        public var errorLevels: Set<String> = ["error", "critical", "fatal"]
        public var traceIDField = FieldPath(key: "trace_id")
        /// Whether incomplete runs become `workflow_incomplete` events.
        public var emit = true

        public init() {}

        public init?(from map: ConfigMapping) {
            if let node = map["key"], let text = node.nonEmptyString() {
                if let path = node.fieldPath() {
                    key = path
                    keyName = text
                }
            }
            if let path = map["step_field"]?.fieldPath() { stepField = path }
            if let node = map.required("steps"), let list = node.stringList() {
                if list.count < 2 { node.error("name at least two steps, in order") }
                if Set(list).count != list.count { node.error("a step is named twice") }
                steps = list
            }
            if let d = map["complete_within"]?.duration(in: 1...(86_400 * 30)) { completeWithin = d }
            if let n = map["max_runs"]?.int(in: 1...10_000_000) { maxRuns = n }
            if let path = map["level_field"]?.fieldPath() { levelField = path }
            if let levels = map["error_levels"]?.stringList() { errorLevels = Set(levels.map { $0.lowercased() }) }
            if let path = map["trace_id_field"]?.fieldPath() { traceIDField = path }
            if let emit = map["emit_incomplete"]?.bool() { self.emit = emit }
            map.finish()
            guard map.isValid else { return nil }
        }

        public func makeStage(context: StageContext) -> any Stage {
            WorkflowStage(options: self, context: context)
        }
    }
}
