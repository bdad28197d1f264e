/// Keeps a trace with a given probability, deciding from its trace id alone, so every
/// participant that samples the same trace at the same ratio makes the same decision.
///
/// Two algorithms:
///
/// - ``Algorithm/threshold`` (default): OpenTelemetry's consistent probability sampling
///   ("TraceState: Probability Sampling"; the spec's `TraceIdRatioBased`/`ProbabilitySampler`
///   and the Collector's `probabilistic_sampler`). Randomness `R` = the trace id's low 56
///   bits (its last 7 bytes, 14 hex digits); rejection threshold
///   `T ≈ (1 − ratio)·2^56`; keep when `R ≥ T`. `T` is computed as the spec's reference
///   algorithm does: `precision` hex digits (default 4, the spec's recommended SDK default),
///   raised by one for each leading `0` or `f` digit near the extremes, rounding `2 − ratio`
///   half to even. E.g. ratio 0.5 → `th:8`, 0.1 → `th:e666`, 0.01 → `th:fd70a`. With 13 or
///   14 digits `T` is exact: `2^56 − round(ratio·2^56)` (0.1 → `th:e6666666666666`).
/// - ``Algorithm/pythonRatio``: the OpenTelemetry Python SDK's `TraceIdRatioBased` (and its
///   older `ProbabilitySampler`): keep when the trace id's low 64 bits are below
///   `round(ratio · 2^64)` (Python's `round`, half to even). Use it to keep the logs of
///   exactly the traces a Python service's SDK sampled.
///
/// The two are not interchangeable: at ratio 0.5, `threshold` keeps ids whose 56-bit
/// randomness is ≥ 0x80000000000000, `pythonRatio` those whose low 64 bits are < 2^63.
public struct ConsistentSampler: Sendable, Equatable {
    /// Which rule decides.
    public enum Algorithm: String, Sendable, CaseIterable {
        case threshold
        case pythonRatio = "python_ratio"
    }

    /// 2^56: one more than the largest randomness value.
    public static let maxThreshold: UInt64 = 1 << 56
    static let randomnessMask: UInt64 = (1 << 56) - 1

    public let ratio: Double
    public let algorithm: Algorithm
    /// `T` (threshold) or the upper bound on the low 64 bits (pythonRatio; 2^64 keeps all).
    public let bound: UInt128

    /// `ratio` in 0...1 (0 keeps nothing, 1 everything); `precision` in 1...14.
    public init(ratio: Double, algorithm: Algorithm = .threshold, precision: Int = 4) {
        self.ratio = ratio
        self.algorithm = algorithm
        switch algorithm {
        case .threshold:
            bound = UInt128(Self.threshold(ratio: ratio, precision: precision))
        case .pythonRatio:
            // ratio · 2^64 is exact in binary floating point; Python rounds half to even.
            let scaled = (ratio * 0x1p64).rounded(.toNearestOrEven)
            bound = scaled >= 0x1p64 ? UInt128(1) << 64 : UInt128(UInt64(scaled))
        }
    }

    /// The rejection threshold for `ratio`, following the spec's reference algorithm.
    public static func threshold(ratio: Double, precision: Int) -> UInt64 {
        if ratio >= 1 { return 0 }
        if ratio <= 0 { return maxThreshold }
        // Raise precision by the number of leading hex 0s or fs (Go's Frexp exponent is
        // Swift's exponent + 1; Go's integer division truncates like Swift's).
        let expF = Int(ratio.exponent) + 1
        let expR = Int((1 - ratio).exponent) + 1
        let digits = min(14, max(precision + expF / -4, precision + expR / -4))
        let x = 2 - ratio  // in [1, 2): its 52 fraction bits are the threshold's leading bits
        guard digits < 13, x < 2 else {
            // Full precision (and ratios below 2^-53, where 2 − ratio rounds to 2): the exact
            // integer 2^56 − round(ratio·2^56), as the Collector's pkg/sampling computes it;
            // ratio·2^56 is exact in binary floating point.
            return maxThreshold - max(1, UInt64((ratio * 0x1p56).rounded()))
        }
        let fraction = x.significandBitPattern  // 52 bits
        let shift = UInt64(52 - 4 * digits)
        var kept = fraction >> shift
        let extra = fraction & ((1 << shift) - 1)
        let half: UInt64 = 1 << (shift - 1)
        if extra > half || (extra == half && kept & 1 == 1) { kept += 1 }
        if kept >> (4 * UInt64(digits)) != 0 {
            // Rounded up to 2: the smallest probability this precision can express.
            kept = (1 << (4 * UInt64(digits))) - 1
        }
        return kept << (56 - 4 * UInt64(digits))
    }

    /// Whether every trace is kept (ratio 1): no randomness needs to be read.
    public var keepsEverything: Bool {
        switch algorithm {
        case .threshold: bound == 0
        case .pythonRatio: bound >= UInt128(1) << 64
        }
    }

    /// Whether the trace `traceID` is kept.
    @inline(__always)
    public func keeps(traceID: UInt128) -> Bool {
        let low = UInt64(truncatingIfNeeded: traceID)
        switch algorithm {
        case .threshold: return UInt128(low & Self.randomnessMask) >= bound
        case .pythonRatio: return UInt128(low) < bound
        }
    }

    /// The threshold as the `th` sub-key of the OpenTelemetry `tracestate` writes it (hex,
    /// trailing zeros removed; `0` keeps everything). Threshold algorithm only.
    public var thresholdHex: String {
        guard bound > 0 else { return "0" }
        var text = String(UInt64(bound), radix: 16)
        text = String(repeating: "0", count: max(0, 14 - text.count)) + text
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
