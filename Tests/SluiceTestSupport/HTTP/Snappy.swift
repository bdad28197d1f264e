import CSnappy

/// snappy's block format for tests, through libsnappy: the fake Loki's decompression of
/// protobuf pushes, and bodies for requests the tests build by hand.
public enum Snappy {
    /// A body that is not snappy block format, with Go's text for it (what Loki answers).
    public struct Failure: Error, CustomStringConvertible {
        public var description: String { "snappy: corrupt input" }
    }

    /// Decompresses a snappy block.
    public static func decompress(_ input: [UInt8]) throws(Failure) -> [UInt8] {
        guard !input.isEmpty else { throw Failure() }
        var length = 0
        let known = input.withUnsafeBytes { src in
            snappy_uncompressed_length(src.baseAddress!.assumingMemoryBound(to: CChar.self), src.count, &length)
        }
        // Loki's limit is far above anything a test sends; a corrupt header can claim exabytes.
        guard known == SNAPPY_OK, length <= 1 << 30 else { throw Failure() }
        var output = [UInt8](repeating: 0, count: max(length, 1))
        let status = input.withUnsafeBytes { src in
            output.withUnsafeMutableBytes { dst in
                snappy_uncompress(
                    src.baseAddress!.assumingMemoryBound(to: CChar.self), src.count,
                    dst.baseAddress!.assumingMemoryBound(to: CChar.self), &length)
            }
        }
        guard status == SNAPPY_OK else { throw Failure() }
        return Array(output.prefix(length))
    }

    /// Compresses into a snappy block.
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: snappy_max_compressed_length(input.count))
        var length = output.count
        let status = input.withUnsafeBytes { src in
            output.withUnsafeMutableBytes { dst in
                snappy_compress(
                    src.baseAddress.map { $0.assumingMemoryBound(to: CChar.self) }, src.count,
                    dst.baseAddress!.assumingMemoryBound(to: CChar.self), &length)
            }
        }
        precondition(status == SNAPPY_OK, "snappy_compress failed")
        return Array(output.prefix(length))
    }
}
