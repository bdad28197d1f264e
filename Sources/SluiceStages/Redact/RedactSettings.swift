import SluiceCore

/// Everything the redact stage needs at run time, resolved once from its options.
struct RedactSettings: Sendable {
    let detectors: DetectorSet
    let sensitiveKeys: SensitiveKeys
    let replacer: Replacer
    let custom: [CustomPattern]
    /// Rule names by rule number (built-ins, then custom patterns).
    let ruleNames: [String]
    let maxFieldBytes: Int
    let maxEventBytes: Int
    let fieldActions: [(path: FieldPath, action: RedactAction)]
    let onlyFields: [FieldPath]
    /// Where redactions are explained (`dry-run --explain`); nil otherwise.
    let recorder: RedactionRecorder?

    init(_ o: RedactStage.Options, recorder: RedactionRecorder?) {
        detectors = o.effectiveDetectors
        sensitiveKeys = SensitiveKeys(o.sensitiveKeys)
        custom = o.custom.map(\.pattern)
        let names = RedactRule.builtInNames + o.custom.map(\.pattern.name)
        ruleNames = names
        var actions = [RedactAction](repeating: .mask, count: names.count)
        for (rule, action) in o.ruleActions {
            if let k = names.firstIndex(of: rule) { actions[k] = action }
        }
        for (k, c) in o.custom.enumerated() { actions[Int(RedactRule.builtInCount) + k] = c.action }
        replacer = Replacer(
            masks: names.map { Array("[REDACTED:\($0)]".utf8) }, actions: actions,
            hmacKey: Array(o.hmacKey.utf8), hashPrefix: Array(o.hashPrefix.utf8), partialKeep: o.partialKeep)
        maxFieldBytes = o.maxFieldBytes
        maxEventBytes = o.maxEventBytes
        fieldActions = o.fields
        onlyFields = o.onlyFields
        self.recorder = recorder
    }
}
