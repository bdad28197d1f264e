import Foundation
import Testing
import SluiceTestSupport
@testable import SluiceCore

/// Differential fuzzing of the JSON scanner and the event model against `JSONSerialization`:
/// generated valid objects (``JSONGenerator``) and the committed corpus
/// (`Tests/FuzzCorpus/json-lines.txt`) must give the same keys, values and nesting, and the
/// object written back (as scanned, and after setting, adding and removing members) must
/// read back as the expected object.
@Suite struct JSONScannerFuzzTests {
    @Test func corpusLinesMatchJSONSerialization() {
        let corpus = FuzzCorpus.lines("json-lines.txt")
        #expect(corpus.count >= 30, "corpus missing: \(FuzzCorpus.directory.path)")
        for (n, line) in corpus.enumerated() {
            JSONDifferential.check(line, context: "json-lines.txt input \(n + 1)")
        }
    }

    @Test func generatedObjectsMatchJSONSerialization() {
        let run = FuzzRun("json.generated", defaultIterations: 8_000)
        var unique = JSONGenerator()
        var duplicates = JSONGenerator()
        duplicates.duplicateKeys = true
        var deep = JSONGenerator()
        deep.maxDepth = 24
        deep.maxMembers = 3
        unique.maxDepth = 4
        run.forEach { i, rng in
            let generator = rng.chance(0.1) ? duplicates : rng.chance(0.05) ? deep : unique
            let line = generator.object(&rng)
            let expected = JSONDifferential.check(line, context: run.at(i))
            #expect(expected != nil || JSONOracle.knownDeviation(line) != nil, "\(run.at(i)): generated line rejected by JSONSerialization: \(JSONDifferential.show(line))")
            if let expected { JSONDifferential.checkEdits(line, expected, &rng, context: run.at(i)) }
        }
    }

    /// Regression: a line JSONSerialization rejects only for its own limits still scans.
    @Test func loneSurrogateEscapeIsScannedAndDecodedAsReplacementCharacter() throws {
        let object = try JSONObject(parsing: ArraySlice(Array(#"{"a":"x\ud800y","b":"\udc00"}"#.utf8)))
        #expect(object.string(FieldPath(key: "a")) == "x\u{FFFD}y")
        #expect(object.string(FieldPath(key: "b")) == "\u{FFFD}")
    }
}

/// The checks shared by the generated and corpus inputs.
enum JSONDifferential {
    /// Scans `line` and compares with JSONSerialization; returns the reference object when
    /// both accept it.
    @discardableResult
    static func check(_ line: [UInt8], context: String) -> [String: Any]? {
        let reference = JSONOracle.object(line)
        let scanned = Result { () throws(JSONScanError) -> JSONObject in try JSONObject(parsing: ArraySlice(line)) }
        guard let reference else {
            if case .success = scanned, JSONOracle.knownDeviation(line) == nil {
                Issue.record("\(context): scanned a line JSONSerialization rejects: \(show(line))")
            }
            return nil
        }
        let object: JSONObject
        switch scanned {
        case .success(let o): object = o
        case .failure(let error):
            if JSONOracle.knownDeviation(line) == nil {
                Issue.record("\(context): rejected (\(error)) a line JSONSerialization reads: \(show(line))")
            }
            return nil
        }
        compare(object, reference, context: context, line: line)
        return reference
    }

    /// Keys, kinds, values (raw and decoded), nested look-ups, and the object written back.
    static func compare(_ object: JSONObject, _ reference: [String: Any], context: String, line: [UInt8]) {
        var keys = Set<[UInt8]>()
        for i in 0..<object.count { keys.insert(Array(object.key(at: i).utf8)) }
        let referenceKeys = Set(reference.keys.map { Array($0.utf8) })
        #expect(keys == referenceKeys, "\(context): keys differ: \(show(line))")
        for (key, expected) in reference {
            let path = FieldPath(key: FieldKey(key))
            let same: Bool? = object.withValue(path) { kind, raw in
                guard kind == kindOf(expected), let value = JSONOracle.parse(raw, fragments: true) else { return false }
                return JSONOracle.equal(value, expected)
            }
            #expect(same == true, "\(context): value of \(key.debugDescription) differs: \(show(line))")
            if let text = expected as? String {
                #expect(object.valueBytes(path).map(JSONOracle.withoutLeadingBOM) == JSONOracle.withoutLeadingBOM(Array(text.utf8)), "\(context): decoded \(key.debugDescription) differs: \(show(line))")
            }
            // One level down, by a dotted path, when the dotted name is not itself a key.
            if let child = expected as? [String: Any], isPlainSegment(key) {
                for (childKey, childValue) in child where isPlainSegment(childKey) && reference[key + "." + childKey] == nil {
                    guard let nested = FieldPath(key + "." + childKey) else { continue }
                    let found = object.withValue(nested) { kind, raw in
                        kind == kindOf(childValue) && JSONOracle.parse(raw, fragments: true).map { JSONOracle.equal($0, childValue) } == true
                    }
                    #expect(found == true, "\(context): nested \((key + "." + childKey).debugDescription) differs: \(show(line))")
                }
            }
        }
        let written = object.serialized()
        #expect(JSONOracle.object(written).map { JSONOracle.equal($0, reference) } == true,
                "\(context): written back differently: \(show(written)) from \(show(line))")
    }

    /// Sets, adds and removes members, then compares what is written with the reference
    /// changed the same way (only for objects without repeated keys).
    static func checkEdits(_ line: [UInt8], _ reference: [String: Any], _ rng: inout SplitMix, context: String) {
        guard var object = try? JSONObject(parsing: ArraySlice(line)), object.count == reference.count else { return }
        var expected = reference
        let generator = JSONGenerator()
        for _ in 0..<rng.int(1...4) {
            let keys = Array(expected.keys).sorted()
            switch rng.int(0...3) {
            case 0 where !keys.isEmpty:
                let key = rng.pick(keys)
                let text = generator.text(&rng)
                object.setString(FieldPath(key: FieldKey(key)), text)
                expected[key] = text
            case 1 where !keys.isEmpty:
                let key = rng.pick(keys)
                let removed = object.remove(FieldPath(key: FieldKey(key)))
                #expect(removed, "\(context): remove \(key.debugDescription)")
                expected[key] = nil
            case 2:
                let key = "added_" + rng.string(3, from: "abc")
                let n = Int64(rng.int(-1_000_000...1_000_000))
                object.setInt(FieldPath(key: FieldKey(key)), n)
                expected[key] = NSNumber(value: n)
            default:
                let key = keys.isEmpty ? "flag" : rng.pick(keys)
                let flag = rng.chance(0.5)
                object.setBool(FieldPath(key: FieldKey(key)), flag)
                expected[key] = NSNumber(value: flag)
            }
        }
        let written = object.serialized()
        #expect(JSONOracle.object(written).map { JSONOracle.equal($0, expected) } == true,
                "\(context): edited object written wrongly: \(show(written)) from \(show(line))")
    }

    static func kindOf(_ value: Any) -> JSONKind {
        if value is NSNull { return .null }
        if value is String { return .string }
        if value is [String: Any] { return .object }
        if value is [Any] { return .array }
        if let n = value as? NSNumber, String(cString: n.objCType) == "c" { return .bool }
        return .number
    }

    /// A key usable as one segment of a dotted path.
    static func isPlainSegment(_ key: String) -> Bool {
        !key.isEmpty && !key.contains(".") && !key.hasPrefix("[")
    }

    /// The input for a failure message: escaped, cut at 400 characters.
    static func show(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(400), as: UTF8.self).debugDescription
        return bytes.count > 400 ? text + "… (\(bytes.count) bytes)" : text
    }
}
