extension ConfigNode {
    /// True when the node is a scalar (not a mapping or a list).
    public var isScalar: Bool {
        if case .scalar = node { return true }
        return false
    }

    /// True for an unquoted scalar: `3`, `true` and `null` are typed, `"3"` is text.
    public var isPlainScalar: Bool {
        if case .scalar(let scalar) = node { return scalar.style == .plain }
        return false
    }

    /// True for a plain `null`, `~` or empty scalar.
    public var isNull: Bool {
        if case .scalar(let scalar) = node {
            return scalar.style == .plain && (scalar.string == "null" || scalar.string == "~" || scalar.string.isEmpty)
        }
        return false
    }

    /// What the node is, for messages: "a mapping", "a list", "a scalar", "null".
    public var kindDescription: String { typeName }
}
