import CZlib

/// Compresses request bodies as gzip (RFC 1952) with zlib, reusing one stream and its
/// buffers across requests. Level 1 by default: log batches compress about as well at the
/// fastest level, and shipping must stay cheap in CPU.
public final class GzipCompressor {
    private var stream = z_stream()
    private var ready = false
    public let level: Int32

    public init(level: Int32 = 1) {
        self.level = level
    }

    deinit {
        if ready { deflateEnd(&stream) }
    }

    /// Replaces `out` with the gzip encoding of `input`.
    public func compress(_ input: [UInt8], into out: inout [UInt8]) {
        if !ready {
            precondition(sluice_deflate_init_gzip(&stream, level) == Z_OK, "zlib: deflateInit2 failed")
            ready = true
        } else {
            deflateReset(&stream)
        }
        let bound = Int(deflateBound(&stream, uLong(input.count))) + 32
        if out.count < bound { out.append(contentsOf: repeatElement(0, count: bound - out.count)) }
        let produced: Int = input.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                stream.next_in = UnsafeMutablePointer(mutating: src.baseAddress)
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.baseAddress
                stream.avail_out = uInt(dst.count)
                let status = deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "zlib: deflate did not finish within deflateBound")
                return dst.count - Int(stream.avail_out)
            }
        }
        out.removeSubrange(produced...)
    }
}
