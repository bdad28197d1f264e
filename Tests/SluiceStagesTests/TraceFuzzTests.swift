import Foundation
import Testing
import SluiceCore
import SluiceTestSupport
@testable import SluiceStages

/// Fuzzing of trace id, span id and `traceparent` parsing and of the `trace` stage: ids
/// generated in every form producers use (hex of any case, 64-bit, UUID, `0x`, decimal as
/// Python logs them, as numbers and strings) with the value they stand for; look-alikes
/// that must be rejected; mutated inputs (no crash; what is accepted is canonical).
@Suite struct TraceFuzzTests {
    /// One generated trace id: its JSON, and the value it stands for (nil: must be rejected).
    struct Form {
        var json: String
        var value: UInt128?
    }

    static func hex(_ v: UInt128, _ digits: Int) -> String {
        var out: [UInt8] = []
        TraceIDNormalizer.appendHex(v, digits: digits, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func randomCase(_ s: String, _ rng: inout SplitMix) -> String {
        switch rng.int(0...2) {
        case 0: return s
        case 1: return s.uppercased()
        default: return String(s.map { rng.chance(0.5) ? Character($0.uppercased()) : $0 })
        }
    }

    static func value(_ rng: inout SplitMix, bits: Int) -> UInt128 {
        if rng.chance(0.05) { return 0 }
        let v = UInt128(rng.next()) << 64 | UInt128(rng.next())
        let shifted = v >> UInt128(128 - rng.int(1...bits))  // small values too
        return rng.chance(0.5) ? v >> UInt128(128 - bits) : shifted
    }

    /// A trace id form (as `TraceIDNormalizer` documents them) and the value it is.
    static func traceForm(_ rng: inout SplitMix) -> Form {
        let v = value(&rng, bits: 128)
        let h = hex(v, 32)
        switch rng.int(0...9) {
        case 0, 1: return Form(json: "\"\(randomCase(h, &rng))\"", value: v)
        case 2:
            let v64 = v & UInt128(UInt64.max)
            return Form(json: "\"\(randomCase(hex(v64, 16), &rng))\"", value: v64)
        case 3:
            let u = Array(h)
            let uuid = String(u[0..<8]) + "-" + String(u[8..<12]) + "-" + String(u[12..<16]) + "-" + String(u[16..<20]) + "-" + String(u[20..<32])
            return Form(json: "\"\(randomCase(uuid, &rng))\"", value: v)
        case 4:
            let trimmed = String(h.drop(while: { $0 == "0" }))
            return Form(json: "\"0\(rng.pick(["x", "X"]))\(randomCase(trimmed.isEmpty ? "0" : trimmed, &rng))\"", value: v)
        case 5, 6: return Form(json: String(v), value: v)  // a JSON number, as Python logs it
        case 7:
            // A decimal string: read as decimal unless 16 or 32 digits long (read as hex then).
            let d = String(v)
            if d.count == 16 || d.count == 32 { return Form(json: "\"\(d)\"", value: UInt128(d, radix: 16)!) }
            return Form(json: "\"\(d)\"", value: v)
        default: return malformed(&rng, h)
        }
    }

    /// Look-alikes of ids that are not ids.
    static func malformed(_ rng: inout SplitMix, _ hexDigits: String) -> Form {
        let h = "a" + hexDigits.dropFirst()  // a letter: never a decimal id
        let json: String
        switch rng.int(0...8) {
        case 0: json = "\"\(h.prefix(rng.pick([15, 17, 31, 33, 35].filter { $0 <= 32 })))\""  // wrong length
        case 1: json = "\"\(h.dropLast())g\""  // not hex
        case 2: json = "\"\(h)\(rng.hex(1))\""  // 33 digits
        case 3: json = "340282366920938463463374607431768211456"  // 2^128
        case 4: json = "-" + String(rng.int(1...1_000_000))
        case 5: json = String(rng.int(1...1_000_000)) + rng.pick([".5", "e3", "E+1"])
        case 6: json = rng.pick(["true", "false", "null", "{}", "[]", "\"\"", "\"0x\""])
        case 7: json = "\"\(h.prefix(8))-\(h.dropFirst(8).prefix(4))-\(h.dropFirst(12).prefix(4))-\(h.dropFirst(16).prefix(4))\(h.dropFirst(20).prefix(4))-\(h.suffix(8))\""  // dashes misplaced
        default: json = "\"\\u0034\(h.dropFirst())\""  // an escape
        }
        return Form(json: json, value: nil)
    }

    func parsed(_ json: String) -> TraceIDNormalizer.Parsed {
        let bytes = Array(json.utf8)
        guard let kind = try? bytes.withUnsafeBufferPointer({ try JSONScanner.validateValue($0) }) else { return .malformed }
        return bytes.withUnsafeBufferPointer { TraceIDNormalizer.traceID(kind, $0) }
    }

    @Test func generatedTraceIDsNormaliseToTheirValue() {
        let run = FuzzRun("trace.ids", defaultIterations: 6_000)
        let stage = TraceStage()
        run.forEach { i, rng in
            let form = Self.traceForm(&rng)
            let result = parsed(form.json)
            switch form.value {
            case nil: #expect(result == .malformed, "\(run.at(i)): \(form.json) → \(result)")
            case 0?: #expect(result == .zero, "\(run.at(i)): \(form.json) → \(result)")
            case let v?:
                guard case .id(let got, _) = result else {
                    Issue.record("\(run.at(i)): \(form.json) rejected (\(result))")
                    return
                }
                #expect(got == v, "\(run.at(i)): \(form.json)")
            }
            // Through the stage, under one of the names producers use.
            let key = rng.pick(["trace_id", "traceId", "otelTraceID"])
            var batch = Batch(events: events([#"{"msg":"x","\#(key)":\#(form.json)}"#]))
            stage.process(&batch)
            let event = batch.events[0]
            if let v = form.value, v != 0 {
                #expect(event.string("trace_id") == Self.hex(v, 32), "\(run.at(i)): \(json(event))")
                #expect(event.raw("trace_invalid") == nil && event.raw("trace_missing") == nil, "\(run.at(i)): \(json(event))")
            } else {
                #expect(event.raw("trace_invalid") == "true", "\(run.at(i)): \(json(event))")
                if key != "trace_id" { #expect(event.raw("trace_id") == nil, "\(run.at(i)): \(json(event))") }
            }
        }
    }

    /// The W3C rules, written out independently: (trace id, parent id) or nil.
    static func w3c(_ text: String) -> (UInt128, UInt64)? {
        let c = Array(text.utf8)
        guard c.count >= 55, c[2] == 0x2D, c[35] == 0x2D, c[52] == 0x2D else { return nil }
        func hexField(_ r: Range<Int>) -> UInt128? {
            let s = String(decoding: c[r], as: UTF8.self)
            return s.allSatisfy(\.isHexDigit) && s.allSatisfy(\.isASCII) ? UInt128(s, radix: 16) : nil
        }
        guard let version = hexField(0..<2), version != 0xFF, let trace = hexField(3..<35), trace != 0,
            let parent = hexField(36..<52), parent != 0, hexField(53..<55) != nil
        else { return nil }
        if version == 0 && c.count != 55 { return nil }
        if c.count > 55 && c[55] != 0x2D { return nil }
        return (trace, UInt64(parent))
    }

    @Test func generatedTraceparentsAreReadOrRejected() {
        let run = FuzzRun("trace.traceparent", defaultIterations: 6_000)
        let stage = TraceStage()
        run.forEach { i, rng in
            let version: UInt128 = rng.chance(0.8) ? 0 : UInt128(rng.int(0...255))
            let trace = Self.value(&rng, bits: 128), parent = Self.value(&rng, bits: 64)
            var text = Self.hex(version, 2) + "-" + Self.hex(trace, 32) + "-" + Self.hex(parent, 16) + "-" + Self.hex(UInt128(rng.int(0...255)), 2)
            if rng.chance(0.2) { text += rng.pick(["-", "_", "0"]) + rng.hex(rng.int(0...8)) }  // later versions may grow
            text = Self.randomCase(text, &rng)
            if rng.chance(0.3) {  // break it, or not quite
                var chars = Array(text)
                switch rng.int(0...2) {
                case 0: chars.remove(at: rng.int(0...(chars.count - 1)))
                case 1: chars[rng.pick([2, 35, 52])] = rng.pick(["_", " ", "0"])
                default: chars[rng.int(0...(chars.count - 1))] = rng.pick(["g", "z", " ", "é", "0", "F"])
                }
                text = String(chars)
            }
            let expected = Self.w3c(text)
            let parsed = Array(text.utf8).withUnsafeBufferPointer { Traceparent($0) }
            #expect(parsed?.traceID == expected?.0 && parsed?.parentID == expected?.1, "\(run.at(i)): \(text)")
            var batch = Batch(events: events([#"{"msg":"x","traceparent":"\#(text)"}"#]))
            stage.process(&batch)
            let event = batch.events[0]
            if let (t, p) = expected {
                #expect(event.string("trace_id") == Self.hex(t, 32), "\(run.at(i)): \(json(event))")
                #expect(event.string("span_id") == Self.hex(UInt128(p), 16), "\(run.at(i)): \(json(event))")
            } else {
                #expect(event.raw("trace_id") == nil && event.raw("trace_missing") == "true", "\(run.at(i)): \(json(event))")
            }
        }
    }

    @Test func mutatedIDsNeverYieldNonCanonicalOrZeroIDs() {
        let run = FuzzRun("trace.mutated", defaultIterations: 5_000)
        let corpus = FuzzCorpus.lines("trace-ids.txt")
        #expect(corpus.count >= 10)
        let stage = TraceStage()
        run.forEach { i, rng in
            let value = ByteMutator.mutate(rng.pick(corpus), other: rng.pick(corpus), maxSteps: 3, rng: &rng)
            let key = rng.pick(["trace_id", "traceparent", "span_id", "traceId"])
            let line = Array(#"{"msg":"x",""#.utf8) + Array(key.utf8) + Array(#"":"#.utf8) + value + [UInt8(ascii: "}")]
            guard var object = try? JSONObject(parsing: ArraySlice(line)) else { return }
            var event = Event(line: ArraySlice(line), origin: Origin(fileID: 1, offset: 0, length: 0), readTime: 0)
            event.fields = object
            event.flags.remove(.raw)
            var batch = Batch(events: [event])
            stage.process(&batch)
            object = batch.events[0].fields
            let written = object.serialized()
            #expect(JSONOracle.object(written) != nil || JSONOracle.knownDeviation(written) != nil, "\(run.at(i)): \(String(decoding: written, as: UTF8.self))")
            let flagged = object.contains(FieldPath(key: "trace_invalid")) || object.contains(FieldPath(key: "trace_missing"))
            if !flagged {
                let id = object.string(FieldPath(key: "trace_id")) ?? ""
                #expect(id.count == 32 && id.allSatisfy { "0123456789abcdef".contains($0) } && id != String(repeating: "0", count: 32),
                        "\(run.at(i)): \(String(decoding: written, as: UTF8.self))")
            }
            if let span = object.string(FieldPath(key: "span_id")), !flagged, key != "span_id" {
                #expect(span.count == 16 && span.allSatisfy { "0123456789abcdef".contains($0) } && span != String(repeating: "0", count: 16),
                        "\(run.at(i)): \(String(decoding: written, as: UTF8.self))")
            }
        }
    }
}
