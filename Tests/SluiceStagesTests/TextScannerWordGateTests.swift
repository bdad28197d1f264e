import Testing
import SluiceTestSupport
@testable import SluiceStages

/// The byte after a word's first letter that ``TextScanner/mayStartAtWord(_:_:_:)`` reads:
/// where it says no detector starts, none of the detectors tried at a word starting with `a`
/// to `f` (MAC, IPv6, JWT, bearer token) finds anything; and the addresses and tokens those
/// detectors exist for are still redacted.
@Suite struct TextScannerWordGateTests {
    @Test func whereTheGateSaysNoTheDetectorsFindNothing() {
        var random = SplitMix(seed: 0xA_F00D)
        let tail = Array("0123456789abcdefABCDEF:-.yJ eyJhbGciOiJIUzI1NiJ9 bearer Bearer".utf8)
        var passedOver = 0
        for first in UInt8(ascii: "a")...UInt8(ascii: "f") {
            for next in UInt8(0)...UInt8(255) {
                for _ in 0..<8 {
                    var bytes: [UInt8] = [first, next]
                    for _ in 0..<Int.random(in: 0...40, using: &random) { bytes.append(tail[Int.random(in: 0..<tail.count, using: &random)]) }
                    bytes.withUnsafeBufferPointer { p in
                        let s = Bytes(p.baseAddress!, p.count)
                        guard !TextScanner.mayStartAtWord(s, 0, first) else { return }
                        passedOver += 1
                        #expect(!MACAddressDetector.mayStart(s, at: 0) && !IPv6Detector.mayStart(s, at: 0), "\(bytes)")
                        #expect(JWTDetector.match(s, at: 0) == nil, "\(bytes)")
                        #expect(BearerTokenDetector.match(s, at: 0) == nil, "\(bytes)")
                    }
                }
            }
        }
        #expect(passedOver > 10_000)
    }

    @Test func addressesAndTokensStartingWithHexLettersAreStillRedacted() {
        let lines = [
            #"{"msg":"peer ab:cd:ef:01:23:45 joined"}"#,
            #"{"msg":"route via fe80::1ff:fe23:4567:890a"}"#,
            #"{"msg":"peer dead:beef::1 up"}"#,
            #"{"msg":"nic c0ff.ee00.1122 up"}"#,
            #"{"msg":"auth eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"}"#,
            #"{"msg":"header bearer sk9aXbQ2Lm8pTz4vRw7yKc1d"}"#,
        ]
        let (batch, _) = RedactHarness.run(lines)
        for (line, event) in zip(lines, batch.events) {
            #expect(RedactHarness.json(event).contains("[REDACTED:"), "\(line) -> \(RedactHarness.json(event))")
        }
    }
}
