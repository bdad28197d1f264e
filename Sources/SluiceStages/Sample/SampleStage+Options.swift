import SluiceCore

extension SampleStage {
    /// The stage's options.
    ///
    /// ```yaml
    /// - type: sample
    ///   rate: 0.1                                   # default 1: keep everything
    ///   level_rates: { debug: 0.01 }                # per level, over rate
    ///   rules:                                      # first match wins, over level_rates
    ///     - { when: { event: { in: [heartbeat] } }, rate: 0.001 }
    ///   keep_levels: [warning, error, critical]     # the default; [] keeps none regardless
    ///   keep_whole_trace: { on_levels: [error, critical], max_events: 10000, window: 30s }
    /// ```
    public struct Options: StageOptions {
        /// A sampling rate with its sampler and the `sample_rate` value it writes.
        public struct Rate: Sendable {
            public let sampler: ConsistentSampler
            /// 1/ratio as JSON number bytes.
            let rateJSON: [UInt8]

            public init(_ ratio: Double, algorithm: ConsistentSampler.Algorithm = .threshold, precision: Int = 4) {
                sampler = ConsistentSampler(ratio: ratio, algorithm: algorithm, precision: precision)
                rateJSON = Array(Rate.spelled(1 / ratio).utf8)
            }

            /// Keeps every event and marks it `sample_rate: 1`, as `keep_levels` would.
            var keepsEverythingAsOne: Bool { sampler.keepsEverything && rateJSON == Options.rateOne }

            static func spelled(_ n: Double) -> String {
                guard n.isFinite else { return "0" }
                let rounded = n.rounded()
                if abs(n - rounded) < 1e-9 * max(1, n), rounded < 1e15 { return String(Int64(rounded)) }
                return String((n * 1e6).rounded() / 1e6)
            }
        }

        /// `rules:` entry.
        public struct Rule: Sendable {
            public var condition: Condition
            public var rate: Rate

            public init(condition: Condition, rate: Rate) {
                self.condition = condition
                self.rate = rate
            }
        }

        /// `keep_whole_trace:`.
        public struct WholeTrace: Sendable {
            /// Levels that make a trace kept whole.
            public var onLevels: Set<LogLevel> = [.error, .critical]
            /// At most this many events held (all traces together); the oldest trace goes first.
            public var maxEvents = 10_000
            /// How long an unsampled trace's events are held, and how long a trace with an
            /// error stays kept.
            public var windowNanoseconds: Int64 = 30_000_000_000
            public init() {}
        }

        public static let typeName = "sample"
        static let rateOne: [UInt8] = Array("1".utf8)

        public var rate = Rate(1)
        public var levelRates: [LogLevel: Rate] = [:]
        public var rules: [Rule] = []
        public var keepLevels: Set<LogLevel> = [.warning, .error, .critical]
        /// Whether deciding reads the event's level at all.
        var needsLevel: Bool { !keepLevels.isEmpty || !levelRates.isEmpty || wholeTrace != nil }
        public var levelField = FieldPath(key: "level")
        public var levels = LevelNormalizer()
        public var traceIDField = FieldPath(key: "trace_id")
        /// Fields hashed for events without a trace id, first present wins; else the line.
        public var hashFields: [FieldPath] = []
        /// Where kept events get their 1-in-N rate; nil: not written.
        public var rateField: FieldPath? = FieldPath(key: "sample_rate")
        public var wholeTrace: WholeTrace?

        public init() {}

        public init?(from map: ConfigMapping) {
            let algorithm = map["algorithm"]?.oneOf(ConsistentSampler.Algorithm.allCases.map(\.rawValue))
                .flatMap(ConsistentSampler.Algorithm.init(rawValue:)) ?? .threshold
            let precision = map["precision"]?.int(in: 1...14) ?? 4
            func readRate(_ node: ConfigNode) -> Rate? {
                node.double(in: 0...1).map { Rate($0, algorithm: algorithm, precision: precision) }
            }
            if let v = map["rate"], let r = readRate(v) { rate = r }
            if let m = map["level_rates"]?.mapping() {
                for (key, value) in m.entries {
                    _ = m[key]
                    guard let level = LogLevel(rawValue: key) else {
                        value.error("\"\(key)\" is not a level; use \(LogLevel.allCases.map(\.rawValue).joined(separator: ", "))",
                            suggestion: closestSpelling(to: key, in: LogLevel.allCases.map(\.rawValue)))
                        continue
                    }
                    if let r = readRate(value) { levelRates[level] = r }
                }
            }
            if let items = map["rules"]?.list() {
                for item in items {
                    guard let m = item.mapping() else { continue }
                    let condition = m.required("when").flatMap(Condition.read)
                    let r = m.required("rate").flatMap(readRate)
                    m.finish()
                    if let condition, let r { rules.append(Rule(condition: condition, rate: r)) }
                }
            }
            if let v = map["keep_levels"], let l = LevelNormalizer.readLevels(v) { keepLevels = l }
            if let p = map["level_field"]?.fieldPath() { levelField = p }
            if let s = map["numeric_levels"]?.oneOf(LevelNormalizer.NumericScheme.allCases.map(\.rawValue)),
                let scheme = LevelNormalizer.NumericScheme(rawValue: s)
            {
                levels = LevelNormalizer(numeric: scheme)
            }
            if let p = map["trace_id_field"]?.fieldPath() { traceIDField = p }
            if let v = map["hash_fields"] ?? map["hash_field"], let p = v.fieldPaths() { hashFields = p }
            if let f = map["rate_field"]?.fieldPathOrOff() { rateField = f }
            if let v = map["keep_whole_trace"] { wholeTrace = Self.readWholeTrace(v) }
            map.finish()
            guard map.isValid else { return nil }
        }

        /// `true`, `false`, or a mapping of `on_levels`, `max_events`, `window`.
        static func readWholeTrace(_ node: ConfigNode) -> WholeTrace? {
            if node.isScalar {
                return node.bool() == true ? WholeTrace() : nil
            }
            guard let m = node.mapping() else { return nil }
            var whole = WholeTrace()
            if let v = m["on_levels"], let l = LevelNormalizer.readLevels(v) { whole.onLevels = l }
            if let n = m["max_events"]?.int(in: 1...10_000_000) { whole.maxEvents = n }
            if let w = m["window"]?.duration(in: 0.001...3600) { whole.windowNanoseconds = Int64(w * 1e9) }
            m.finish()
            return whole
        }

        public func makeStage(context: StageContext) -> any Stage {
            SampleStage(options: self, context: context)
        }
    }
}
