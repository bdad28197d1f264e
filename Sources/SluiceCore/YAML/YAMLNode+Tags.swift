extension YAMLNode {
    static let strTag = "tag:yaml.org,2002:str"
    static let seqTag = "tag:yaml.org,2002:seq"
    static let mapTag = "tag:yaml.org,2002:map"
    static let valueTag = "tag:yaml.org,2002:value"

    /// The node's type as a tag: an explicit tag as written; `!` and an untagged list or
    /// mapping as `str`, `seq` or `map`; an untagged plain scalar by its text, with the rules
    /// of Yams' default resolver (YAML 1.1's `bool`, `int`, `float`, `merge`, `null`,
    /// `timestamp` and `value`; anything else `str`). Two keys are the same key when their
    /// texts and resolved tags are: `1` and `"1"` differ, `a` and `"a"` do not.
    var resolvedTag: String {
        switch self {
        case .scalar(let scalar):
            guard let tag = scalar.tag else { return YAMLTagResolver.tag(ofPlain: Array(scalar.string.utf8)) }
            return tag == "!" ? Self.strTag : tag
        case .sequence(let list):
            return list.tag.map { $0 == "!" ? Self.seqTag : $0 } ?? Self.seqTag
        case .mapping(let map):
            return map.tag.map { $0 == "!" ? Self.mapTag : $0 } ?? Self.mapTag
        }
    }

    /// The key's text as Yams gave it (`Node.string`): a scalar's text; for a mapping, the
    /// value of its `=` key if it has one; nil otherwise.
    var keyText: String? {
        switch self {
        case .scalar(let scalar):
            return scalar.string
        case .mapping(let map):
            for (key, value) in map.pairs where key.resolvedTag == Self.valueTag {
                return value.keyText
            }
            return nil
        case .sequence:
            return nil
        }
    }

    /// Whether two keys are the same key (Yams' `Node` equality): same kind, same resolved
    /// tag, and the same text, items or pairs in the same order.
    func sameKey(as other: YAMLNode) -> Bool {
        switch (self, other) {
        case (.scalar(let a), .scalar(let b)):
            return a.string == b.string && resolvedTag == other.resolvedTag
        case (.sequence(let a), .sequence(let b)):
            guard a.items.count == b.items.count, resolvedTag == other.resolvedTag else { return false }
            return zip(a.items, b.items).allSatisfy { $0.sameKey(as: $1) }
        case (.mapping(let a), .mapping(let b)):
            guard a.pairs.count == b.pairs.count, resolvedTag == other.resolvedTag else { return false }
            return zip(a.pairs, b.pairs).allSatisfy { $0.key.sameKey(as: $1.key) && $0.value.sameKey(as: $1.value) }
        default:
            return false
        }
    }

    /// Yams' order of keys (`Node <`), which picks the duplicate an error names: scalars by
    /// text, lists item by item, mappings key by key; nodes of different kinds are unordered.
    func orderedBefore(_ other: YAMLNode) -> Bool {
        switch (self, other) {
        case (.scalar(let a), .scalar(let b)):
            return a.string < b.string
        case (.sequence(let a), .sequence(let b)):
            return Self.lexicographicallyBefore(a.items, b.items)
        case (.mapping(let a), .mapping(let b)):
            return Self.lexicographicallyBefore(a.pairs.map(\.key), b.pairs.map(\.key))
        default:
            return false
        }
    }

    private static func lexicographicallyBefore(_ a: [YAMLNode], _ b: [YAMLNode]) -> Bool {
        for (x, y) in zip(a, b) {
            if x.orderedBefore(y) { return true }
            if y.orderedBefore(x) { return false }
        }
        return a.count < b.count
    }
}
