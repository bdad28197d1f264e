import Foundation
import SluiceTestSupport
import Testing

/// `sluice validate` on mutated pipeline files (the shipped ones and the corpus ones, edited
/// by ``YAMLMutator``) and on files the loader's fuzzer found trouble with, through the real
/// binary: it exits 0 printing `ok: <path>`, or exits 2 with every error on standard error
/// naming the path and a line, then the count. Never a crash, never a hang (each run has a
/// deadline). The library-level fuzzing is `PipelineConfigFuzzTests`; this checks the command
/// says what the loader found.
@Suite struct ValidateFuzzCLITests {
    static let seeds: [[UInt8]] = {
        let shipped = FuzzCorpus.repository.appendingPathComponent("pipelines")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: shipped.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        return names.compactMap { FileManager.default.contents(atPath: shipped.appendingPathComponent($0).path).map { Array($0) } }
            + FuzzCorpus.files(prefix: "pipelines-", suffix: ".yaml").map(\.bytes)
    }()

    static let fixed: [(String, [UInt8])] = [
        ("empty.yaml", []),
        ("latin1.yaml", Array("outputs:\n  o: {type: file, path: /tmp/caf".utf8) + [0xE9] + Array(".log}\n".utf8)),
        ("alias-key.yaml", Array("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n*g : 1\n".utf8)),
        ("cut.yaml", Array("sources:\n  app:\n    type: fi".utf8)),
        ("nul.yaml", Array("sources: {}\u{0}\n".utf8)),
    ]

    @Test func mutatedFilesValidateOrNameThePathAndALine() throws {
        #expect(Self.seeds.count >= 8)
        let dir = try TempDirectory("sluice-validate-fuzz")
        defer { dir.remove() }
        let run = FuzzRun("config.binary", defaultIterations: 30)
        var inputs = Self.fixed
        run.forEach { i, rng in
            let base = rng.pick(Self.seeds)
            inputs.append(("mutated-\(i).yaml", YAMLMutator.mutate(base, other: rng.pick(Self.seeds), rng: &rng)))
        }
        var ok = 0, invalid = 0
        for (name, bytes) in inputs {
            let path = dir.file(name)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let result = try BinaryRunner.run(["validate", path], timeout: 20)
            let context = "\(run.name) \(name) (seed 0x\(String(run.seed, radix: 16))): status \(result.status), stderr \(result.stderr.prefix(1_000).debugDescription)"
            switch result.status {
            case 0:
                ok += 1
                #expect(result.stdout.hasPrefix("ok: \(path) ("), "\(context)")
            case 2:
                invalid += 1
                let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("warning: ") }
                let errors = lines.filter { $0.hasPrefix("error: ") }
                #expect(!errors.isEmpty, "\(context)")
                for error in errors {
                    // `(<path>:<line>)` or `(<path>:<line>:<column>)`.
                    let after = error.range(of: "(\(path):").map { error[$0.upperBound...] } ?? ""
                    #expect(after.first?.isNumber == true && after.drop { $0.isNumber || $0 == ":" }.first == ")", "\(context): \(error)")
                }
                #expect(lines.last == "\(path): \(errors.count) error\(errors.count == 1 ? "" : "s")", "\(context)")
            default:
                Issue.record("\(context): neither 0 nor 2 (a crash, or killed at the deadline)")
            }
        }
        print("fuzz config.binary: \(inputs.count) files, \(ok) valid, \(invalid) invalid")
        #expect(invalid >= Self.fixed.count)
    }
}
