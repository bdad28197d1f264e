import SluiceCore

extension RedactStage {
    /// The stage's options.
    public struct Options: StageOptions {
        public static let typeName = "redact"

        /// A custom pattern with its action.
        public struct Custom: Sendable {
            public var pattern: CustomPattern
            public var action: RedactAction
        }

        /// Built-in detectors enabled (`detectors:`; default every one).
        public var detectors: DetectorSet = RedactRule.allDetectors
        /// Countries whose national identifiers are looked for, as lowercase ISO 3166-1 codes
        /// (`regions:`); nil = every country (see ``RedactRegion``).
        public var regions: [String]? = nil
        /// The detectors that run: those of `detectors:` less the countries left out of `regions:`.
        public var effectiveDetectors: DetectorSet {
            guard let regions else { return detectors }
            return detectors.intersection(RedactRegion.allowed(regions))
        }
        /// Whole-value actions on chosen paths (`fields:`).
        public var fields: [(path: FieldPath, action: RedactAction)] = []
        /// When not empty, detectors scan only these paths (`only_fields:`).
        public var onlyFields: [FieldPath] = []
        /// Action per rule name for matches (`actions:`; default `mask`).
        public var ruleActions: [(String, RedactAction)] = []
        /// Key names whose values are always masked (`sensitive_keys:`).
        public var sensitiveKeys: [String] = SensitiveKeys.defaults
        public var custom: [Custom] = []
        /// The HMAC key for `hash` (`hmac_key:`).
        public var hmacKey: String = ""
        /// Written before the hex digest of hashed values (`hash_prefix:`).
        public var hashPrefix: String = "hmac:"
        /// Letters and digits kept by `partial` (`partial_keep:`).
        public var partialKeep: Int = 4
        /// Longest string value in bytes before truncation; 0 = no cap (`max_field_bytes:`).
        public var maxFieldBytes: Int = 0
        /// Longest event in bytes before its largest values are truncated; 0 = no cap.
        public var maxEventBytes: Int = 0
        public init() {}

        public init?(from map: ConfigMapping) {
            var usesHash = false
            if let node = map["detectors"] { readDetectors(node) }
            if let node = map["regions"] { readRegions(node) }
            if let node = map["fields"], let m = node.mapping() {
                for (name, value) in m.entries {
                    guard let path = FieldPath(name) else {
                        value.error("\"\(name)\" is not a field path")
                        continue
                    }
                    guard let word = value.oneOf(["drop", "mask", "hash", "partial"]), let action = RedactAction(name: word) else { continue }
                    if action == .hash { usesHash = true }
                    fields.append((path, action))
                }
            }
            if let node = map["only_fields"] {
                for (k, name) in (node.stringList() ?? []).enumerated() {
                    if let path = FieldPath(name) { onlyFields.append(path) } else { node.error("only_fields[\(k)]: \"\(name)\" is not a field path") }
                }
            }
            if let node = map["sensitive_keys"] {
                sensitiveKeys = node.stringList() ?? sensitiveKeys
            }
            if let node = map["custom"], let list = node.list() {
                for item in list {
                    guard let m = item.mapping() else { continue }
                    let name = m.required("name")?.nonEmptyString()
                    let patternNode = m.required("pattern")
                    let pattern = patternNode?.nonEmptyString()
                    var action = RedactAction.mask
                    if let a = m["action"], let word = a.oneOf(["mask", "hash", "partial"]) {
                        action = RedactAction(name: word) ?? .mask
                    }
                    m.finish()
                    guard let name, let pattern, let patternNode else { continue }
                    if RedactRule.builtInNames.contains(name) || custom.contains(where: { $0.pattern.name == name }) {
                        m["name"]?.error("\"\(name)\" is already a rule name")
                        continue
                    }
                    if !name.utf8.allSatisfy({ ByteClass.table[Int($0)] & ByteClass.word != 0 || $0 == UInt8(ascii: "-") }) {
                        m["name"]?.error("a rule name may hold only letters, digits, \"_\" and \"-\"")
                        continue
                    }
                    do throws(BoundedRegex.CompileError) {
                        custom.append(Custom(pattern: try CustomPattern(name: name, pattern: pattern, origin: patternNode.location), action: action))
                        if action == .hash { usesHash = true }
                    } catch {
                        patternNode.error(error.description)
                    }
                }
            }
            if let node = map["actions"], let m = node.mapping() {
                let known = RedactRule.builtInNames.filter { !RedactRule.maskOnlyNames.contains($0) } + custom.map(\.pattern.name)
                for (rule, value) in m.entries {
                    guard known.contains(rule) else {
                        value.error("\"\(rule)\" is not a rule", suggestion: closestSpelling(to: rule, in: known))
                        continue
                    }
                    guard let word = value.oneOf(["mask", "hash", "partial"]), let action = RedactAction(name: word) else { continue }
                    if action == .hash { usesHash = true }
                    ruleActions.append((rule, action))
                }
            }
            let keyNode = map["hmac_key"]
            if let keyNode { hmacKey = keyNode.string() ?? "" }
            if let node = map["hash_prefix"] { hashPrefix = node.string() ?? hashPrefix }
            if let node = map["partial_keep"] { partialKeep = node.int(in: 0...64) ?? partialKeep }
            if let node = map["max_field_bytes"] { maxFieldBytes = node.byteSize(in: 64...Int(Int32.max)) ?? 0 }
            if let node = map["max_event_bytes"] { maxEventBytes = node.byteSize(in: 256...Int(Int32.max)) ?? 0 }
            if usesHash && hmacKey.isEmpty {
                let variable = keyNode?.rawScalar.flatMap { Interpolation.variables(in: $0).first }
                let why = variable.map { " (environment variable \($0) is not set or empty)" } ?? ""
                if let keyNode {
                    keyNode.error("is empty\(why); a hash action needs a secret key")
                } else {
                    map.node.error("hmac_key: missing; a hash action needs a secret key (e.g. hmac_key: ${SLUICE_HMAC_KEY})")
                }
            }
            map.finish()
            guard map.isValid else { return nil }
        }

        mutating func readDetectors(_ node: ConfigNode) {
            guard let names = node.stringList() else { return }
            if names == ["all"] { return }
            var set = DetectorSet()
            let known = RedactRule.detectorNames.map(\.name)
            for name in names {
                if name == "all" {
                    set = RedactRule.allDetectors
                } else if let entry = RedactRule.detectorNames.first(where: { $0.name == name }) {
                    for r in entry.rules { set.insert(r) }
                } else {
                    node.error("\"\(name)\" is not a detector (all, \(known.joined(separator: ", ")))", suggestion: closestSpelling(to: name, in: known))
                }
            }
            detectors = set
        }

        /// Reads `regions:`, a list of ISO 3166-1 codes (any case) or `all`; an unknown code is
        /// an error at its own item (key path and line).
        mutating func readRegions(_ node: ConfigNode) {
            let items: [ConfigNode]
            if node.rawScalar != nil {
                items = [node]
            } else {
                guard let list = node.list() else { return }
                items = list
            }
            let known = RedactRegion.codes
            var codes: [String] = []
            for item in items {
                guard let name = item.string() else { continue }
                let code = name.lowercased()
                if code == "all" {
                    codes = known
                } else if known.contains(code) {
                    codes.append(code)
                } else {
                    let hint = code == "uk" ? " (the United Kingdom is gb)" : ""
                    item.error("\"\(name)\" is not a region\(hint): all, \(known.joined(separator: ", "))",
                        suggestion: code == "uk" ? nil : closestSpelling(to: code, in: known))
                }
            }
            regions = codes
        }

        public func makeStage(context: StageContext) -> any Stage {
            RedactStage(options: self, context: context)
        }
    }
}
