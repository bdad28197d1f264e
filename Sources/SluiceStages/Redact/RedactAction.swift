/// What the `redact` stage does with a value: a whole field (`fields:`) or a detector match
/// (`actions:`).
public enum RedactAction: Sendable, Equatable {
    /// Remove the field (fields only).
    case drop
    /// Replace with `[REDACTED:<rule>]`.
    case mask
    /// Replace with `<hash_prefix><32 hex digits>`: the first 16 bytes of HMAC-SHA256 under
    /// `hmac_key`, so equal values stay joinable without being readable.
    case hash
    /// Keep the last `partial_keep` letters and digits, star the others (separators stay).
    case partial

    /// Parses a config word.
    public init?(name: String) {
        switch name {
        case "drop": self = .drop
        case "mask": self = .mask
        case "hash": self = .hash
        case "partial": self = .partial
        default: return nil
        }
    }
}

/// Writes replacement bytes for redacted values.
struct Replacer: Sendable {
    /// `[REDACTED:<name>]` per rule.
    let masks: [[UInt8]]
    /// Action per rule.
    let actions: [RedactAction]
    let hmacKey: [UInt8]
    let hashPrefix: [UInt8]
    let partialKeep: Int

    /// Appends the replacement for `original` under `action`; `rule` names the mask.
    func append(_ action: RedactAction, rule: UInt16, original: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        switch action {
        case .mask, .drop:
            out.append(contentsOf: masks[Int(rule)])
        case .hash:
            out.append(contentsOf: hashPrefix)
            Digest.appendHex(Digest.hmacSHA256(key: hmacKey, data: original), count: 16, to: &out)
        case .partial:
            Self.appendPartial(original, keep: partialKeep, into: &out)
        }
    }

    /// Stars every letter and digit but the last `keep`; other bytes (separators, `@`) stay.
    /// Bytes of multi-byte characters become one star each.
    static func appendPartial(_ original: UnsafeBufferPointer<UInt8>, keep: Int, into out: inout [UInt8]) {
        var alnumCount = 0
        for b in original where ByteClass.table[Int(b)] & ByteClass.alnum != 0 { alnumCount += 1 }
        var seen = 0
        for b in original {
            if ByteClass.table[Int(b)] & ByteClass.alnum != 0 {
                seen += 1
                out.append(seen > alnumCount - keep ? b : UInt8(ascii: "*"))
            } else if b >= 0x80 {
                if b & 0xC0 != 0x80 { out.append(UInt8(ascii: "*")) }
            } else {
                out.append(b)
            }
        }
    }
}
