import Testing
@testable import SluiceStages

/// W3C traceparent values: the version rules, zero ids, lengths.
@Suite struct TraceparentTests {
    static let value: UInt128 = 0x4bf9_2f35_77b3_4da6_a3ce_929d_0e0e_4736

    static let traceparents: [(String, Bool)] = [
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", true),
        ("00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-00", true),
        ("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", true),  // later version, longer
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", false),  // version 00 is exactly 55
        ("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", false),
        ("00-00000000000000000000000000000000-00f067aa0ba902b7-01", false),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", false),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0z", false),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", false),
        ("00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", false),
        ("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x", false),
    ]

    @Test(arguments: traceparents)
    func traceparentValidation(_ text: String, _ valid: Bool) {
        let parsed = Array(text.utf8).withUnsafeBufferPointer { Traceparent($0) }
        #expect((parsed != nil) == valid)
        if let parsed {
            #expect(parsed.traceID == Self.value)
            #expect(parsed.parentID == 0x00f0_67aa_0ba9_02b7)
        }
    }
}
