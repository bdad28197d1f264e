/// Where ``ProtobufWriter`` appends: a `[UInt8]`, or a ``ProtobufBuffer`` on hot paths.
public protocol ProtobufSink {
    var count: Int { get }
    mutating func append(_ byte: UInt8)
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>)
    /// Overwrites the byte at `index` (< `count`).
    mutating func set(_ byte: UInt8, at index: Int)
    /// Inserts `n` bytes at `index`, moving the bytes from `index` on up (their values are
    /// overwritten by the caller).
    mutating func open(_ n: Int, at index: Int)
}

extension Array: ProtobufSink where Element == UInt8 {
    @inlinable @inline(__always)
    public mutating func set(_ byte: UInt8, at index: Int) { self[index] = byte }

    public mutating func open(_ n: Int, at index: Int) {
        insert(contentsOf: repeatElement(0, count: n), at: index)
    }
}

/// A growable byte buffer without copy-on-write: appends check only the capacity (no
/// uniqueness check, no exclusivity check at run time as a class's properties would need). The
/// OTLP encoder writes each request into one and copies the result out once
/// (`sluice-bench --mode encoders --no-gzip`: the per-append overhead of `[UInt8]` was a sixth
/// of the encoder's time).
///
/// A value that owns memory without a deinitializer: the one who makes it calls
/// ``deallocate()`` when done, and never uses a copy after that (keep it in one variable).
public struct ProtobufBuffer: ProtobufSink {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    public var count: Int

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
        count = 0
    }

    /// Frees the memory; the buffer must not be used afterwards.
    public func deallocate() { base.deallocate() }

    @inlinable @inline(__always)
    mutating func ensure(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    @usableFromInline
    mutating func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    @inlinable @inline(__always)
    public mutating func append(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        base[count] = byte
        count += 1
    }

    @inlinable @inline(__always)
    public mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        ensure(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    @inlinable @inline(__always)
    public mutating func set(_ byte: UInt8, at index: Int) { base[index] = byte }

    public mutating func open(_ n: Int, at index: Int) {
        ensure(n)
        (base + index + n).update(from: base + index, count: count - index)
        count += n
    }

    /// The bytes written, appended to `out`.
    public func copy(to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }
}
