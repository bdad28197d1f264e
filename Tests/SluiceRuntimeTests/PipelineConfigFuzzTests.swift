import Foundation
import Testing
import SluiceCore
import SluiceRuntime
import SluiceTestSupport

/// Fuzzing of the pipeline-file loader (what `sluice validate` runs): the shipped pipelines
/// (`pipelines/*.yaml`) and the committed ones (`Tests/FuzzCorpus/pipelines-*.yaml`) mutated
/// as hand edits and broken deployments do (``YAMLMutator``: lines deleted, duplicated,
/// re-indented, values of the wrong type, unknown keys, control characters, invalid UTF-8,
/// truncation, huge numbers, empty files), and files built to be pathological. Every file
/// either loads, or fails with errors that each name the file and a line
/// (`(pipeline.yaml:14)` or `(pipeline.yaml:14:5)`); none takes long.
@Suite struct PipelineConfigFuzzTests {
    static let environment = ["SLUICE_HMAC_KEY": "fuzz-key", "POD_NAME": "pod-0"]
    static let loader = Pipelines.loader(environment: environment)
    /// The longest a load may take (a debug build on a shared machine; a load takes milliseconds).
    static let timeLimit = Duration.seconds(2)

    /// The seeds: the shipped pipelines and the corpus ones.
    static let seeds: [(name: String, bytes: [UInt8])] = {
        let shipped = FuzzCorpus.repository.appendingPathComponent("pipelines")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: shipped.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        let files = names.compactMap { name in
            FileManager.default.contents(atPath: shipped.appendingPathComponent(name).path).map { (name, Array($0)) }
        }
        return files + FuzzCorpus.files(prefix: "pipelines-", suffix: ".yaml")
    }()

    @Test func seedPipelinesLoad() {
        #expect(Self.seeds.count >= 8, "seeds missing under \(FuzzCorpus.repository.path)")
        for (name, bytes) in Self.seeds {
            let result = Self.loader.load(bytes: bytes, file: name)
            if case .failure(let failure) = result { Issue.record("\(name) does not load: \(failure)") }
        }
    }

    @Test func mutatedPipelinesLoadOrNameTheFileAndALine() {
        let run = FuzzRun("config.mutated", defaultIterations: 3_000)
        var loaded = 0, rejected = 0
        var kinds = Set<String>()
        run.forEach { i, rng in
            let base = rng.pick(Self.seeds)
            let input = YAMLMutator.mutate(base.bytes, other: rng.pick(Self.seeds).bytes, rng: &rng)
            let errors = Self.check(input, file: "/etc/sluice/" + base.name, context: run.at(i))
            if errors.isEmpty { loaded += 1 } else { rejected += 1 }
            // What kinds of error the edits reach: the message without its quoted or numeric parts.
            for error in errors { kinds.insert(String(error.message.prefix { $0 != "\"" && !$0.isNumber }.prefix(40))) }
        }
        print("fuzz config.mutated: \(loaded) files loaded, \(rejected) rejected, \(kinds.count) kinds of error")
        #expect(loaded > 0 && rejected > run.iterations / 2 && kinds.count >= 20)
    }

    /// Loads `input`; checks the errors name the file and a line and the load was quick.
    /// Returns the errors (none: it loaded).
    @discardableResult
    static func check(_ input: [UInt8], file: String, context: String) -> [ConfigIssue] {
        let start = ContinuousClock.now
        let result = loader.load(bytes: input, file: file)
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < timeLimit, "\(context): loading took \(elapsed): \(show(input))")
        switch result {
        case .success:
            return []
        case .failure(let failure):
            #expect(!failure.errors.isEmpty, "\(context): failed without an error: \(show(input))")
            for error in failure.errors {
                let named = error.line.map { error.description.contains("(\(file):\($0)") } ?? false
                #expect(named, "\(context): \(error.description.debugDescription) does not name \(file) and a line, for \(show(input))")
            }
            return failure.errors
        }
    }

    /// Files no edit produces by chance: nesting, aliases, sizes and bytes at the limits.
    static let pathological: [(String, [UInt8])] = {
        var cases: [(String, [UInt8])] = [
            ("empty", []),
            ("blank", Array("\n\n   \n".utf8)),
            ("comment only", Array("# nothing here\n".utf8)),
            ("byte-order mark only", [0xEF, 0xBB, 0xBF]),
            ("document end only", Array("...\n".utf8)),
            ("two documents", Array("sources: {}\n---\nsources: {}\n".utf8)),
            ("a scalar", Array("sluice\n".utf8)),
            ("a list", Array("- sources\n- outputs\n".utf8)),
            ("NUL bytes", Array("sources:\n  a: {type: file, include: [x]}\u{0}\n".utf8)),
            ("invalid UTF-8 in a value", Array("sources:\n  a: {type: file, include: [\"/var/log/caf".utf8) + [0xE9] + Array(".log\"]}\n".utf8)),
            ("invalid UTF-8 in a comment", Array("# caf".utf8) + [0xE9, 0xFF] + Array("\nsources: {}\n".utf8)),
            ("a cut multi-byte character", Array("outputs:\n  o: {type: stdout}\n# 日".utf8).dropLast()),
            ("tab indentation", Array("sources:\n\tapp:\n\t\ttype: file\n".utf8)),
            ("huge numbers", Array("shutdown_timeout: 99999999999999999999999999999s\ncheckpoints: {interval: 1e400}\nsources:\n  a: {type: file, include: [x], max_line_bytes: 99999999999999999999999GiB}\n".utf8)),
            ("an undefined alias", Array("sources: *nothing\n".utf8)),
            ("an alias as a key", Array("a: &k x\n*k : 1\n".utf8)),
            ("a complex key", Array("? [a, b]\n: 1\nsources: {}\n".utf8)),
            ("a mapping as a key", Array("{a: 1}: 2\n".utf8)),
            ("a tag", Array("sources: !!set {a}\n".utf8)),
            ("a merge key", Array("base: &b {type: stdout}\noutputs:\n  o:\n    <<: *b\n".utf8)),
            ("an unterminated quote", Array("sources: \"abc\n".utf8)),
            ("a long line", Array("sources: ".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)),
            ("many keys", Array((0..<5_000).map { "k\($0): \($0)\n" }.joined().utf8)),
            ("a long unknown key", Array(String(repeating: "detectors", count: 2_000).utf8) + Array(": 1\n".utf8)),
        ]
        // Nesting, in flow and block style.
        cases.append(("deep flow lists", [UInt8](repeating: UInt8(ascii: "["), count: 5_000) + [UInt8](repeating: UInt8(ascii: "]"), count: 5_000)))
        cases.append(("deep flow mappings", Array(String(repeating: "{a: ", count: 2_000).utf8) + Array("1".utf8) + [UInt8](repeating: UInt8(ascii: "}"), count: 2_000)))
        cases.append(("deep block mappings", Array((0..<500).map { String(repeating: " ", count: $0) + "k:\n" }.joined().utf8)))
        cases.append(("an unclosed flow list", [UInt8](repeating: UInt8(ascii: "["), count: 5_000)))
        // "Billion laughs": each alias stands for ten of the one before.
        var laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (k, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].enumerated() {
            let previous = ["a", "b", "c", "d", "e", "f", "g", "h"][k]
            laughs += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        cases.append(("aliases as values", Array((laughs + "sources: *i\nstages: *i\noutputs: {o: {type: stdout, x: *i}}\ntests: *i\n").utf8)))
        cases.append(("aliases as a key", Array((laughs + "sources:\n  *i : {type: file}\n").utf8)))
        cases.append(("aliases in a test", Array((laughs + "sources: {a: {type: file, include: [x]}}\noutputs: {o: {type: stdout}}\ntests:\n  - name: t\n    input: *i\n    expect: *i\n    must_not_contain: *i\n").utf8)))
        return cases
    }()

    @Test(arguments: pathological.map(\.0))
    func pathologicalFilesLoadOrNameTheFileAndALine(_ name: String) {
        let input = Self.pathological.first { $0.0 == name }!.1
        Self.check(input, file: "/etc/sluice/pipeline.yaml", context: name)
    }

    /// Regressions: what the fuzzer and the pathological files found.
    static let foundByFuzzing: [(String, [UInt8], String)] = [
        // No line: "the file is empty (p.yaml)".
        ("empty", [], "the file is empty (p.yaml:1:1)"),
        ("comments only", Array("# nothing\n".utf8), "the file is empty (p.yaml:1:1)"),
        // Never finished: the YAML library hashed the billion values an alias key stands for.
        ("an alias as a key", Array("a: &a [x, x]\nb: &b [*a, *a]\nsources:\n  *b : 1\n".utf8), "an alias (*b) cannot be a key: write the key itself (p.yaml:4:3)"),
        ("an alias in a complex key", Array("a: &a [x, x]\n? [1, *a]\n: 1\n".utf8), "an alias (*a) cannot be a key: write the key itself (p.yaml:2:7)"),
        // Loaded with U+FFFD in place of the byte: a path that is not the one written.
        ("invalid UTF-8", Array("sources:\n  a: {type: file, include: [\"/var/log/caf".utf8) + [0xE9] + Array(".log\"]}\n".utf8), "not UTF-8: byte 0xE9 (p.yaml:2:42)"),
        ("a cut character after a byte-order mark", [0xEF, 0xBB, 0xBF, 0x61, 0xE6, 0x97], "not UTF-8: byte 0xE6 (p.yaml:1:2)"),
        // libyaml's message named a C function.
        ("deep nesting", [UInt8](repeating: UInt8(ascii: "["), count: 1_500), "not valid YAML: nested deeper than 1000 levels (p.yaml:1:1)"),
    ]

    @Test(arguments: foundByFuzzing.map(\.0))
    func foundByFuzzingNamesTheFileAndLine(_ name: String) throws {
        let (_, input, expected) = Self.foundByFuzzing.first { $0.0 == name }!
        let failure = try #require(Self.loader.load(bytes: input, file: "p.yaml").failureValue)
        #expect(failure.errors.map(\.description) == [expected])
    }

    @Test func aliasesAsValuesAreReadAsTheNodeTheyName() throws {
        let yaml = "common: &out {type: stdout}\nsources: {s: {type: file, include: [x]}}\noutputs: {a: *out}\n"
        let failure = try #require(Self.loader.load(bytes: Array(yaml.utf8), file: "p.yaml").failureValue)
        // Only the unknown top-level key: the alias as a value is read as the node it names.
        #expect(failure.errors.map(\.description) == ["common: unknown key (p.yaml:1:1)"])
    }
}

private extension Result {
    var failureValue: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}

private func show(_ bytes: [UInt8]) -> String {
    let text = String(decoding: bytes.prefix(800), as: UTF8.self).debugDescription
    return bytes.count > 800 ? text + "… (\(bytes.count) bytes)" : text
}
