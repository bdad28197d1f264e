import SluiceCore

extension ConfigNode {
    /// A field path such as `user.email` or `[user][email]`.
    func fieldPath() -> FieldPath? {
        guard let text = nonEmptyString() else { return nil }
        guard let path = FieldPath(text) else {
            error("\"\(text)\" is not a field path")
            return nil
        }
        return path
    }

    /// A list of field paths; a single one is a list of one.
    func fieldPaths() -> [FieldPath]? {
        guard let names = stringList() else { return nil }
        var paths: [FieldPath] = []
        for name in names {
            guard let path = FieldPath(name) else {
                error("\"\(name)\" is not a field path")
                return nil
            }
            paths.append(path)
        }
        return paths
    }

    /// A field path, or `false` to turn the feature off: `.some(nil)` when off, nil when
    /// invalid.
    func fieldPathOrOff() -> FieldPath?? {
        guard let text = string() else { return nil }
        if ["false", "no", "off", ""].contains(text.lowercased()) { return .some(nil) }
        return fieldPath().map { .some($0) }
    }
}
