import Testing
@testable import SluiceCore


@Suite struct TraceIDNormalizerTests {
    static let hex = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let value: UInt128 = 0x4bf9_2f35_77b3_4da6_a3ce_929d_0e0e_4736

    func trace(_ json: String) -> TraceIDNormalizer.Parsed {
        let bytes = Array(json.utf8)
        let kind = try! bytes.withUnsafeBufferPointer { try JSONScanner.validateValue($0) }
        return bytes.withUnsafeBufferPointer { TraceIDNormalizer.traceID(kind, $0) }
    }

    func span(_ json: String, preferDecimal: Bool = false) -> TraceIDNormalizer.Parsed {
        let bytes = Array(json.utf8)
        let kind = try! bytes.withUnsafeBufferPointer { try JSONScanner.validateValue($0) }
        return bytes.withUnsafeBufferPointer { TraceIDNormalizer.spanID(kind, $0, preferDecimal: preferDecimal) }
    }

    // Decimal forms computed with python3: int("4bf92f3577b34da6a3ce929d0e0e4736", 16).
    static let traceForms: [(String, TraceIDNormalizer.Parsed)] = [
        ("\"\(hex)\"", .id(value, decimal: false)),
        ("\"4BF92F3577B34DA6A3CE929D0E0E4736\"", .id(value, decimal: false)),
        ("\"4bf92f35-77b3-4da6-a3ce-929d0e0e4736\"", .id(value, decimal: false)),
        ("\"4BF92F35-77B3-4DA6-A3CE-929D0E0E4736\"", .id(value, decimal: false)),
        ("\"0x4bf92f3577b34da6a3ce929d0e0e4736\"", .id(value, decimal: false)),
        ("\"0x1f\"", .id(0x1F, decimal: false)),
        ("100985939111033328018442752961257817910", .id(value, decimal: true)),
        ("\"100985939111033328018442752961257817910\"", .id(value, decimal: true)),
        ("\"a3ce929d0e0e4736\"", .id(0xa3ce_929d_0e0e_4736, decimal: false)),
        // Found by fuzzing: 36 decimal digits (about 0.3% of random ids) were taken for a UUID and rejected.
        ("\"152918485830445691929277343963829685\"", .id(152_918_485_830_445_691_929_277_343_963_829_685, decimal: true)),
        ("340282366920938463463374607431768211455", .id(.max, decimal: true)),  // 2^128 - 1
        ("340282366920938463463374607431768211456", .malformed),  // 2^128
        ("\"00000000000000000000000000000000\"", .zero),
        ("\"00000000-0000-0000-0000-000000000000\"", .zero),
        ("0", .zero),
        ("\"4bf92f3577b34da6a3ce929d0e0e473\"", .malformed),  // 31 digits
        ("\"4bf92f3577b34da6a3ce929d0e0e4736a\"", .malformed),  // 33 digits
        ("\"4bf92f3577b34da6a3ce929d0e0e473g\"", .malformed),
        ("\"4bf92f35-77b3-4da6-a3ce929d-0e0e4736\"", .malformed),  // dashes misplaced
        ("1.0e38", .malformed),
        ("-5", .malformed),
        ("1.5", .malformed),
        ("\"\"", .malformed),
        ("\"0x\"", .malformed),
        ("true", .malformed),
        ("null", .malformed),
        ("{\"id\":1}", .malformed),
    ]

    @Test(arguments: traceForms)
    func traceIDForms(_ json: String, _ expected: TraceIDNormalizer.Parsed) {
        #expect(trace(json) == expected)
    }

    static let spanForms: [(String, Bool, TraceIDNormalizer.Parsed)] = [
        ("\"00f067aa0ba902b7\"", false, .id(0x00f0_67aa_0ba9_02b7, decimal: false)),
        ("\"00F067AA0BA902B7\"", false, .id(0x00f0_67aa_0ba9_02b7, decimal: false)),
        ("67667974448284343", false, .id(0x00f0_67aa_0ba9_02b7, decimal: true)),
        ("\"67667974448284343\"", false, .id(0x00f0_67aa_0ba9_02b7, decimal: true)),
        ("18446744073709551615", false, .id(UInt128(UInt64.max), decimal: true)),
        ("18446744073709551616", false, .malformed),
        // 16 decimal digits: hex unless the trace id was decimal.
        ("\"1234567890123456\"", false, .id(0x1234_5678_9012_3456, decimal: false)),
        ("\"1234567890123456\"", true, .id(1_234_567_890_123_456, decimal: true)),
        ("\"0000000000000000\"", false, .zero),
        ("\"4bf92f3577b34da6a3ce929d0e0e4736\"", false, .malformed),
        ("\"00f067aa-0ba902b7\"", false, .malformed),
        ("\"0xf067aa0ba902b7\"", false, .id(0x00f0_67aa_0ba9_02b7, decimal: false)),  // 16 characters with 0x
        ("\"0x00f067aa0ba902b7ff\"", false, .malformed),
    ]

    @Test(arguments: spanForms)
    func spanIDForms(_ json: String, _ preferDecimal: Bool, _ expected: TraceIDNormalizer.Parsed) {
        #expect(span(json, preferDecimal: preferDecimal) == expected)
    }

    @Test func writesLowercaseHexAndRecognisesCanonicalForm() {
        var out: [UInt8] = []
        TraceIDNormalizer.appendQuotedHex(Self.value, digits: 32, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"\(Self.hex)\"")
        out.withUnsafeBufferPointer { #expect(TraceIDNormalizer.isCanonical($0, Self.value, digits: 32)) }
        let upper = Array("\"\(Self.hex.uppercased())\"".utf8)
        upper.withUnsafeBufferPointer { #expect(!TraceIDNormalizer.isCanonical($0, Self.value, digits: 32)) }
        out = []
        TraceIDNormalizer.appendQuotedHex(0xF0_67AA, digits: 16, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "\"0000000000f067aa\"")
    }
}
