import CZlib

/// gzip compression for tests, through zlib.
public enum Gzip {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Decompresses a gzip (or zlib) stream.
    public static func decompress(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard sluice_inflate_init_auto(&stream) == Z_OK else { throw Failure(description: "inflateInit failed") }
        defer { inflateEnd(&stream) }
        return try run(&stream, input) { inflate(&$0, Z_NO_FLUSH) }
    }

    /// Compresses into a gzip stream.
    public static func compress(_ input: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var stream = z_stream()
        guard sluice_deflate_init_gzip(&stream, level) == Z_OK else { throw Failure(description: "deflateInit failed") }
        defer { deflateEnd(&stream) }
        return try run(&stream, input) { deflate(&$0, Z_FINISH) }
    }

    private static func run(_ stream: inout z_stream, _ input: [UInt8], step: (inout z_stream) -> Int32) throws -> [UInt8] {
        var output: [UInt8] = []
        var input = input
        var chunk = [UInt8](repeating: 0, count: 65_536)
        return try input.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = UInt32(inBuf.count)
            while true {
                let (code, produced) = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let code = step(&stream)
                    return (code, out.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[0..<produced])
                if code == Z_STREAM_END { return output }
                if code == Z_BUF_ERROR && produced == 0 || (code != Z_OK && code != Z_BUF_ERROR) {
                    throw Failure(description: "zlib error \(code) (truncated or corrupt stream)")
                }
            }
        }
    }
}
