import Testing
@testable import SluiceCore

/// The YAML document layer over libyaml's events. Every expectation here is what Yams (the
/// library it replaced) gave for the same text: the two were run side by side over the shipped
/// pipelines, the fuzz corpus and 14,000 mutations of them, with the same trees, marks and
/// errors, except where noted.
@Suite struct YAMLComposerTests {
    func compose(_ text: String) throws -> YAMLNode? {
        try YAMLComposer.compose(Array(text.utf8))
    }

    func error(_ text: String) -> YAMLError? {
        do {
            _ = try YAMLComposer.compose(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    func scalars(_ text: String) throws -> [String: YAMLNode.Scalar] {
        guard case .mapping(let map) = try compose(text) else { throw YAMLError.syntax(message: "not a mapping", mark: nil) }
        var out: [String: YAMLNode.Scalar] = [:]
        for (key, value) in map.pairs {
            if case .scalar(let scalar) = value { out[key.keyText ?? ""] = scalar }
        }
        return out
    }

    @Test func emptyStreamsHaveNoDocument() throws {
        for text in ["", "\n\n  \n", "# only a comment\n"] {
            #expect(try compose(text) == nil, "\(text.debugDescription)")
        }
        // A document with nothing in it is a null.
        guard case .scalar(let scalar) = try compose("---\n") else { Issue.record("not a scalar"); return }
        #expect(scalar.isNullValue && scalar.mark == .init(line: 2, column: 1))
    }

    @Test func nodesKeepTheirStylesTagsAndMarks() throws {
        let yaml = "a: 'x''y'\nb: |\n  line\nc: !!int 5\nd: [1, \"2\"]\n"
        guard case .mapping(let map) = try compose(yaml) else { Issue.record("not a mapping"); return }
        #expect(map.pairs.map { $0.key.keyText } == ["a", "b", "c", "d"])
        guard case .scalar(let a) = map.pairs[0].value, case .scalar(let b) = map.pairs[1].value,
            case .scalar(let c) = map.pairs[2].value, case .sequence(let d) = map.pairs[3].value
        else { Issue.record("unexpected shapes"); return }
        #expect(a.string == "x'y" && a.style == .singleQuoted && a.tag == YAMLNode.strTag && a.mark == .init(line: 1, column: 4))
        #expect(b.string == "line\n" && b.style == .literal && b.mark == .init(line: 2, column: 4))
        #expect(c.tag == "tag:yaml.org,2002:int" && map.pairs[2].value.resolvedTag == "tag:yaml.org,2002:int")
        #expect(d.items.map(\.resolvedTag) == ["tag:yaml.org,2002:int", YAMLNode.strTag] && d.mark == .init(line: 5, column: 4))
    }

    /// Plain scalars read as Yams' accessors read them (what `expect:` in rule tests uses).
    @Test func plainScalarsReadAsYamsReadThem() throws {
        let s = try scalars("""
            a: yes
            b: Off
            c: 0x1F
            d: 017
            e: 08
            f: 1:30
            g: 1:30.5
            h: -.Inf
            i: 1_000
            j: ~
            k: ''
            l: !!str yes
            m: nan
            n: 1:2:3:4:5:6:7:8:9:10:11:12
            o: '5'
            """)
        #expect(s["a"]?.boolValue == true && s["b"]?.boolValue == false)
        #expect(s["c"]?.intValue == 31 && s["d"]?.intValue == 15)
        #expect(s["e"]?.intValue == nil && s["e"]?.floatValue == 8)
        #expect(s["f"]?.intValue == 90 && s["g"]?.intValue == nil && s["g"]?.floatValue == 90.5)
        #expect(s["h"]?.floatValue == -.infinity && s["i"]?.intValue == 1000)
        #expect(s["j"]?.isNullValue == true && s["k"]?.isNullValue == false)
        #expect(s["l"]?.boolValue == nil)
        #expect(s["m"]?.floatValue?.isNaN == true)
        // Yams trapped on this one (its base overflowed); here it is no integer.
        #expect(s["n"]?.intValue == nil && s["n"]?.floatValue != nil)
        #expect(s["o"]?.intValue == nil)
    }

    @Test func plainScalarsResolveToYamsTags() {
        let cases: [(String, String)] = [
            ("yes", "bool"), ("TRUE", "bool"), ("tRue", "str"), ("0b101", "int"), ("0o17", "int"), ("017", "int"),
            ("08", "float"), ("-0x1f", "int"), ("1:30", "int"), ("12:60", "str"), ("1:30.5", "float"), (".5", "float"),
            (".5e3", "str"), (".5e+3", "float"), ("0.", "float"), ("1e3", "float"), ("1e", "str"), ("+.inf", "float"),
            (".NaN", "float"), ("-.nan", "str"), ("<<", "merge"), ("~", "null"), ("", "null"), ("Null", "null"),
            ("2024-01-02", "timestamp"), ("2024-1-2 3:04:05.1 +1:00", "timestamp"), ("2024-1-2", "str"), ("=", "value"),
            ("_1", "str"), ("1_", "int"), ("0_", "int"), ("abc", "str"),
        ]
        for (text, tag) in cases {
            #expect(YAMLTagResolver.tag(ofPlain: Array(text.utf8)) == "tag:yaml.org,2002:" + tag, "\(text)")
        }
    }

    @Test func aliasesAreTheirAnchorsNodes() throws {
        guard case .mapping(let map) = try compose("a: &x {b: 1}\nc: *x\nd: &x 2\ne: *x\n") else { Issue.record("not a mapping"); return }
        guard case .mapping(let aliased) = map.pairs[1].value, case .scalar(let redefined) = map.pairs[3].value else {
            Issue.record("aliases not resolved")
            return
        }
        // The anchor's node, with its marks; a later anchor of the same name replaces it.
        #expect(aliased.mark == .init(line: 1, column: 4) && redefined.string == "2")
        #expect(error("a: *nothing\n") == .syntax(message: "found undefined alias", mark: .init(line: 1, column: 4)))
        // An anchor is defined once its node is complete.
        #expect(error("a: &a [*a]\n") == .syntax(message: "found undefined alias", mark: .init(line: 1, column: 8)))
    }

    @Test func duplicateKeysAreThoseWithTheSameTextAndType() throws {
        #expect(error("a: 1\na: 2\n") == .duplicateKeys(["a"], mark: .init(line: 1, column: 1)))
        #expect(error("a: 1\n\"a\": 2\n") == .duplicateKeys(["a"], mark: .init(line: 1, column: 1)))
        // Sorted, at the first one's first occurrence; inner mappings are checked first.
        #expect(error("b: 1\na: 1\nb: 2\na: 2\n") == .duplicateKeys(["a", "b"], mark: .init(line: 2, column: 1)))
        #expect(error("x:\n  b: 1\n  b: 2\nx: 1\n") == .duplicateKeys(["b"], mark: .init(line: 2, column: 3)))
        // A number and a string are two keys (ConfigMapping then names the second).
        #expect(try compose("1: a\n\"1\": b\n") != nil)
        // Lists as keys are named by their flow text (Yams: "<uncovertable>").
        #expect(error("? [a]\n: 1\n? [a]\n: 2\n") == .duplicateKeys(["[a]"], mark: .init(line: 1, column: 3)))
    }

    @Test func syntaxErrorsAreLibyamlsWordsAtTheProblem() {
        #expect(error("a: [1\nb: 2\n") == .syntax(message: "while parsing a flow sequence: did not find expected ',' or ']'", mark: .init(line: 2, column: 2)))
        #expect(error("a: 1\n---\nb: 2\n") == .syntax(message: "expected a single document in the stream: but found another document", mark: .init(line: 2, column: 1)))
    }

    /// libyaml's reader gives a byte offset; the position is counted in characters as Yams
    /// counted it (a byte-order mark is a column, as it is in libyaml's own marks here).
    @Test func readerErrorsNameTheCharacterAndItsPosition() {
        #expect(error("a: b\r\nc: \u{01}\r\n") == .syntax(message: "control characters are not allowed (U+0001)", mark: .init(line: 2, column: 4)))
        #expect(error("a: 1\u{2028}b: \u{01}\n") == .syntax(message: "control characters are not allowed (U+0001)", mark: .init(line: 2, column: 4)))
        #expect(error("a: \u{FFFE}\n") == .syntax(message: "control characters are not allowed (U+FFFE)", mark: .init(line: 1, column: 4)))
        #expect(error("\u{FEFF}a: \u{01}\n") == .syntax(message: "control characters are not allowed (U+0001)", mark: .init(line: 1, column: 5)))
        if case .mapping(let map) = try? compose("\u{FEFF}a: 1\n") {
            #expect(map.mark == .init(line: 1, column: 2))
        } else {
            Issue.record("not a mapping")
        }
    }

    /// Yams' copy of libyaml stopped at 1,000 levels where its parser met the collection
    /// (the scanner being ahead of it); Debian's libyaml has no limit, the composer applies it.
    @Test func nestingIsLimitedWhereYamsLimitedIt() throws {
        let refused = YAMLError.syntax(message: "nested deeper than 1000 levels", mark: .init(line: 1, column: 1))
        #expect(error(String(repeating: "[", count: 1_500)) == refused)
        #expect(try compose(String(repeating: "[", count: 1_000) + String(repeating: "]", count: 1_000)) != nil)
        let flowMaps = String(repeating: "{a: ", count: 1_000) + "1" + String(repeating: "}", count: 1_000)
        #expect(error(flowMaps) == .syntax(message: "nested deeper than 1000 levels", mark: .init(line: 1, column: 3997)))
        let blockMaps = (0..<1_000).map { String(repeating: " ", count: $0) + "k:\n" }.joined()
        #expect(error(blockMaps) == .syntax(message: "nested deeper than 1000 levels", mark: .init(line: 1000, column: 1000)))
        #expect(try compose((0..<998).map { String(repeating: " ", count: $0) + "k:\n" }.joined()) != nil)
    }

    /// What a reload compares to keep an output: meaning, not layout.
    @Test func flowTextKeepsMeaningNotLayout() throws {
        let block = try #require(try compose("type: elasticsearch # the cluster\nurl: \"http://es:9200\"\nbatch:\n  max_events: 500\n"))
        let flow = try #require(try compose("{type: elasticsearch, url: 'http://es:9200', batch: {max_events: 500}}"))
        #expect(block.flowText(limit: 1 << 20) == #"{type: elasticsearch, url: "http://es:9200", batch: {max_events: 500}}"#)
        #expect(block.flowText(limit: 1 << 20) == flow.flowText(limit: 1 << 20))
        let quoted = try #require(try compose("{a: \"500\", b: null, c: 'null', d: , e: !!str x}"))
        #expect(quoted.flowText(limit: 1 << 20) == #"{a: "500", b: null, c: "null", d: , e: !<tag:yaml.org,2002:str> x}"#)
        // Aliases of aliases stand for more than any limit.
        var laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (previous, name) in zip(["a", "b", "c", "d", "e", "f"], ["b", "c", "d", "e", "f", "g"]) {
            laughs += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect(try #require(try compose(laughs)).flowText(limit: 1 << 20) == nil)
    }
}
