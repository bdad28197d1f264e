import CYAML

/// Builds the one document of a YAML text as a ``YAMLNode`` tree. libyaml (Debian's
/// libyaml-dev) reads the bytes and parses them into events; this composer, ours, turns the
/// events into nodes: scalars with their style, tag and position, lists, ordered mappings,
/// aliases resolved to their anchor's node.
///
/// Why not a YAML library: Yams did the same over its own copy of libyaml, but imports
/// Foundation in every file, which linked Foundation and ICU's data into the agent (102.1 MB
/// static binary, 64.9 MB stripped; 30.4 MB resident at rest, 27.0 MB of it file-backed).
///
/// What Yams did is kept, because users see it: the same checks in the same order (a
/// mapping's duplicate keys when it ends, an alias to an anchor not yet complete is
/// undefined, a second document is refused), the same marks and messages, and its copy of
/// libyaml's nesting limit (1,000 levels; Debian's libyaml has none), applied where that copy
/// applied it, so deep files fail at the same place with the same words.
enum YAMLComposer {
    /// Composes the document in `bytes` (UTF-8); nil for a stream with no document (an
    /// empty file, comments only).
    static func compose(_ bytes: [UInt8]) throws(YAMLError) -> YAMLNode? {
        let parser = try Parser(bytes)
        return try parser.singleDocument()
    }

    /// One libyaml parser over one text, and the anchors defined so far.
    final class Parser {
        let bytes: [UInt8]
        /// libyaml's parser keeps a pointer to itself (string input): it must not move.
        let parser: UnsafeMutablePointer<yaml_parser_t>
        /// libyaml reads the bytes in place: a copy that lives as long as the parser.
        let input: UnsafeMutableBufferPointer<UInt8>
        var anchors: [String: YAMLNode] = [:]

        /// The nesting limit of Yams' copy of libyaml (`MAX_NESTING_LEVEL`).
        static let maxNesting = 1000

        init(_ bytes: [UInt8]) throws(YAMLError) {
            self.bytes = bytes
            parser = .allocate(capacity: 1)
            input = .allocate(capacity: max(bytes.count, 1))
            _ = input.initialize(from: bytes)
            guard yaml_parser_initialize(parser) == 1 else {
                parser.deallocate()
                input.deallocate()
                throw YAMLError.syntax(message: "Memory error", mark: nil)
            }
            // As Yams: the encoding is given, not detected (a byte-order mark is then a
            // character that libyaml's scanner skips, counting its column).
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
            _ = try next()  // the stream's start
        }

        deinit {
            yaml_parser_delete(parser)
            parser.deallocate()
            input.deallocate()
        }

        /// The stream's only document, or nil when it has none.
        func singleDocument() throws(YAMLError) -> YAMLNode? {
            if case .streamEnd = try next() { return nil }
            let root = try node(startingWith: try next())
            _ = try next()  // the document's end
            let after = try next()
            if case .streamEnd = after {} else {
                throw YAMLError.syntax(
                    message: "expected a single document in the stream: but found another document", mark: after.mark)
            }
            return root
        }

        /// A list or mapping being composed.
        struct Frame {
            var isMapping: Bool
            /// The items; for a mapping, keys and values in turn.
            var items: [YAMLNode] = []
            var tag: String?
            var mark: YAMLNode.Mark
            var anchor: String?
        }

        /// The node that begins with `first`, its nested nodes composed from the following
        /// events (with a stack, not recursion: a thousand levels are allowed).
        func node(startingWith first: Event) throws(YAMLError) -> YAMLNode {
            var stack: [Frame] = []
            var event = first
            while true {
                var done: YAMLNode
                var anchor: String?
                switch event {
                case .alias(let name, let mark):
                    guard let target = anchors[name] else {
                        throw YAMLError.syntax(message: "found undefined alias", mark: mark)
                    }
                    done = target
                case .scalar(let scalar, let name):
                    done = .scalar(scalar)
                    anchor = name
                case .sequenceStart(let tag, let name, let mark):
                    stack.append(Frame(isMapping: false, tag: tag, mark: mark, anchor: name))
                    event = try next()
                    continue
                case .mappingStart(let tag, let name, let mark):
                    stack.append(Frame(isMapping: true, tag: tag, mark: mark, anchor: name))
                    event = try next()
                    continue
                case .sequenceEnd:
                    let frame = stack.removeLast()
                    done = .sequence(YAMLNode.List(items: frame.items, tag: frame.tag, mark: frame.mark))
                    anchor = frame.anchor
                case .mappingEnd:
                    let frame = stack.removeLast()
                    let pairs = stride(from: 0, to: frame.items.count - 1, by: 2).map { (key: frame.items[$0], value: frame.items[$0 + 1]) }
                    if let (names, mark) = Self.duplicates(pairs.map(\.key)) {
                        throw YAMLError.duplicateKeys(names, mark: mark)
                    }
                    done = .mapping(YAMLNode.Map(pairs: pairs, tag: frame.tag, mark: frame.mark))
                    anchor = frame.anchor
                case .streamEnd, .other:
                    // libyaml sends only nodes and ends of collections inside a document.
                    throw YAMLError.syntax(message: "unexpected event", mark: event.mark)
                }
                // A later anchor of the same name replaces an earlier one.
                if let anchor { anchors[anchor] = done }
                if stack.isEmpty { return done }
                stack[stack.count - 1].items.append(done)
                event = try next()
            }
        }

        /// The keys that appear more than once (Yams' equality: text and resolved tag), in
        /// Yams' order of keys, and where the first of them is first written; nil when none.
        static func duplicates(_ keys: [YAMLNode]) -> (names: [String], mark: YAMLNode.Mark)? {
            guard keys.count > 1 else { return nil }
            // Each distinct key, at its first occurrence, and how often it occurs.
            var distinct: [(key: YAMLNode, count: Int)] = []
            var scalars: [ScalarKey: Int] = [:]
            for key in keys {
                let index: Int?
                if case .scalar(let scalar) = key {
                    let id = ScalarKey(text: scalar.string, tag: key.resolvedTag)
                    index = scalars[id]
                    if index == nil { scalars[id] = distinct.count }
                } else {
                    index = distinct.firstIndex { $0.key.sameKey(as: key) }
                }
                if let index { distinct[index].count += 1 } else { distinct.append((key, 1)) }
            }
            let repeated = distinct.filter { $0.count > 1 }.map(\.key).sorted { $0.orderedBefore($1) }
            guard let first = repeated.first else { return nil }
            return (repeated.map(\.keyName), first.mark)
        }

        /// A scalar key's identity for duplicate detection.
        struct ScalarKey: Hashable {
            var text: String
            var tag: String
        }

        /// What the composer needs of a libyaml event.
        enum Event {
            case streamEnd
            case alias(String, YAMLNode.Mark)
            case scalar(YAMLNode.Scalar, anchor: String?)
            case sequenceStart(tag: String?, anchor: String?, YAMLNode.Mark)
            case sequenceEnd
            case mappingStart(tag: String?, anchor: String?, YAMLNode.Mark)
            case mappingEnd
            /// Stream and document starts and ends.
            case other(YAMLNode.Mark)

            var mark: YAMLNode.Mark? {
                switch self {
                case .alias(_, let mark), .sequenceStart(_, _, let mark), .mappingStart(_, _, let mark), .other(let mark): mark
                case .scalar(let scalar, _): scalar.mark
                case .streamEnd, .sequenceEnd, .mappingEnd: nil
                }
            }
        }

        /// The next event, or the error that stopped libyaml.
        func next() throws(YAMLError) -> Event {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) == 1 else { throw error() }
            defer { yaml_event_delete(&event) }
            let mark = YAMLNode.Mark(event.start_mark)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return .streamEnd
            case YAML_ALIAS_EVENT:
                return .alias(Self.string(event.data.alias.anchor) ?? "", mark)
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                // A scalar may hold NUL characters: its length, not a C string.
                let text = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self) } ?? ""
                let tag = s.quoted_implicit == 1 ? YAMLNode.strTag : Self.string(s.tag)
                let style = YAMLNode.ScalarStyle(rawValue: s.style.rawValue) ?? .any
                return .scalar(YAMLNode.Scalar(string: text, tag: tag, style: style, mark: mark), anchor: Self.string(s.anchor))
            case YAML_SEQUENCE_START_EVENT:
                let s = event.data.sequence_start
                try checkNesting(from: mark)
                return .sequenceStart(tag: s.implicit != 0 ? nil : Self.string(s.tag), anchor: Self.string(s.anchor), mark)
            case YAML_SEQUENCE_END_EVENT:
                return .sequenceEnd
            case YAML_MAPPING_START_EVENT:
                let m = event.data.mapping_start
                try checkNesting(from: mark)
                return .mappingStart(tag: m.implicit != 0 ? nil : Self.string(m.tag), anchor: Self.string(m.anchor), mark)
            case YAML_MAPPING_END_EVENT:
                return .mappingEnd
            default:
                return .other(mark)
            }
        }

        /// Yams' libyaml refused a list or mapping when the scanner's indentation levels
        /// and open flow collections reached 1,000 (counted as the parser met the
        /// collection's first token, the scanner being ahead), except an indentless list
        /// (`key:` then `- item` at the key's indentation). The same test, on the same
        /// state, after Debian's libyaml produced the collection's start.
        func checkNesting(from start: YAMLNode.Mark) throws(YAMLError) {
            let p = parser.pointee
            guard p.state != YAML_PARSE_INDENTLESS_SEQUENCE_ENTRY_STATE else { return }
            let indents = p.indents.top - p.indents.start
            guard indents >= Self.maxNesting - Int(p.flow_level) else { return }
            // The collection's token ([, {, or the start of a block) is still the next one.
            let token = p.tokens.head.map { YAMLNode.Mark($0.pointee.start_mark) } ?? start
            throw YAMLError.syntax(message: "nested deeper than \(Self.maxNesting) levels", mark: token)
        }

        /// libyaml's error, in Yams' words: context and problem, at the problem's mark.
        func error() -> YAMLError {
            let p = parser.pointee
            switch p.error {
            case YAML_MEMORY_ERROR:
                return .syntax(message: "Memory error", mark: nil)
            case YAML_READER_ERROR:
                // The character by its code point: the file's own text is not echoed back.
                let hex = String(UInt32(bitPattern: p.problem_value), radix: 16, uppercase: true)
                let problem = Self.string(p.problem) ?? ""
                return .syntax(
                    message: "\(problem) (U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex))",
                    mark: Self.position(ofByte: p.problem_offset, in: bytes))
            default:
                let message = [Self.string(p.context), Self.string(p.problem)].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
                return .syntax(message: message, mark: YAMLNode.Mark(p.problem_mark))
            }
        }

        /// The line and column of the character that begins at byte `offset` (libyaml's
        /// reader gives offsets, not marks), counted as Yams counted them: lines end at any
        /// newline character (`\r\n` is one), columns count Unicode scalars. Nil when the
        /// offset is inside a character (a grapheme cluster), where Yams had no position.
        static func position(ofByte offset: Int, in bytes: [UInt8]) -> YAMLNode.Mark? {
            let text = String(decoding: bytes, as: UTF8.self)
            guard let byteIndex = text.utf8.index(text.utf8.startIndex, offsetBy: offset, limitedBy: text.utf8.endIndex),
                let index = byteIndex.samePosition(in: text)
            else { return nil }
            let before = text[..<index]
            let line = before.reduce(1) { $1.isNewline ? $0 + 1 : $0 }
            let lineStart = before.lastIndex(where: \.isNewline).map(text.index(after:)) ?? text.startIndex
            return YAMLNode.Mark(line: line, column: text.unicodeScalars[lineStart..<index].count + 1)
        }

        static func string(_ pointer: UnsafePointer<UInt8>?) -> String? {
            pointer.map { String(cString: $0) }
        }

        static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
            pointer.map { String(cString: $0) }
        }
    }
}

extension YAMLNode.Mark {
    /// libyaml's 0-based mark, 1-based.
    init(_ mark: yaml_mark_t) {
        self.init(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }
}
