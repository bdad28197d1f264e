/// A node of a YAML document as ``YAMLComposer`` builds it from libyaml's events: a scalar
/// (its text, style, tag and position), a sequence or an ordered mapping. Aliases are resolved:
/// an alias is the node its anchor names (shared, not copied), with that node's positions.
///
/// Written here, with the composer, instead of taken from a YAML library: Yams, the library
/// used before, imports Foundation in every file, which linked Foundation and ICU into the
/// agent (a 102 MB static binary, 65 MB stripped; 30 MB resident at rest, 27 MB of it
/// file-backed pages).
enum YAMLNode: Sendable {
    case scalar(Scalar)
    case sequence(List)
    case mapping(Map)

    /// A 1-based line and column (counted in Unicode scalars, as libyaml counts them).
    struct Mark: Sendable, Equatable {
        var line: Int
        var column: Int
    }

    /// A scalar's style as written, libyaml's `yaml_scalar_style_t`.
    enum ScalarStyle: UInt32, Sendable {
        case any = 0
        case plain
        case singleQuoted
        case doubleQuoted
        case literal
        case folded
    }

    /// A scalar: `3`, `true`, `"text"`, a block scalar.
    struct Scalar: Sendable {
        /// The text, after YAML's unescaping and folding.
        var string: String
        /// The tag as the document gives it: nil for a plain scalar without one (its type
        /// comes from its text), `tag:yaml.org,2002:str` for a quoted one without one, else
        /// the explicit tag (`!!int` as `tag:yaml.org,2002:int`, `!` as `!`).
        var tag: String?
        var style: ScalarStyle
        /// Where the scalar (or its anchor or tag) begins.
        var mark: Mark
    }

    /// A list.
    struct List: Sendable {
        var items: [YAMLNode]
        /// The explicit tag, if any.
        var tag: String?
        /// Where the list (or its anchor or tag) begins.
        var mark: Mark
    }

    /// A mapping, its pairs in file order (duplicate keys are refused while composing).
    struct Map: Sendable {
        var pairs: [(key: YAMLNode, value: YAMLNode)]
        /// The explicit tag, if any.
        var tag: String?
        /// Where the mapping (or its anchor or tag) begins.
        var mark: Mark
    }

    /// Where the node begins.
    var mark: Mark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .sequence(let sequence): sequence.mark
        case .mapping(let mapping): mapping.mark
        }
    }
}
