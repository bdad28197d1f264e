/// The body of a ``RecordFile``, written field by field straight into bytes: fields separated
/// by tabs, `%`, tab and newline in a text field percent-escaped, a newline after each record.
///
/// The tailer writes a record a followed file every `checkpoint_interval`: with 500 files,
/// nine `String`s a record, their escaping and joining, cost more than the rest of the write
/// but its `fsync`s (perf, the bench's 500-file run). Numbers go in as digits, text as its
/// bytes.
public struct RecordFileBody {
    public private(set) var bytes: [UInt8] = []
    /// Records ended so far.
    public private(set) var records = 0
    private var fieldsInRecord = 0

    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// A text field, percent-escaped.
    public mutating func field(_ text: String) {
        separate()
        var text = text
        text.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "%"): bytes.append(contentsOf: [0x25, 0x32, 0x35])  // %25
                case UInt8(ascii: "\t"): bytes.append(contentsOf: [0x25, 0x30, 0x39])  // %09
                case UInt8(ascii: "\n"): bytes.append(contentsOf: [0x25, 0x30, 0x41])  // %0A
                default: bytes.append(byte)
                }
            }
        }
    }

    /// A number in decimal (as `String(value)` writes it).
    public mutating func field(_ value: Int) {
        separate()
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendDigits(UInt64(value.magnitude), radix: 10)
        } else {
            appendDigits(UInt64(value), radix: 10)
        }
    }

    /// A number in decimal (as `String(value)` writes it).
    public mutating func field(_ value: UInt64) {
        separate()
        appendDigits(value, radix: 10)
    }

    /// A number in lowercase hexadecimal without leading zeros (as `String(value, radix: 16)`).
    public mutating func hexField(_ value: UInt64) {
        separate()
        appendDigits(value, radix: 16)
    }

    /// Ends the record: the next field begins another.
    public mutating func endRecord() {
        bytes.append(UInt8(ascii: "\n"))
        records += 1
        fieldsInRecord = 0
    }

    private mutating func separate() {
        if fieldsInRecord > 0 { bytes.append(UInt8(ascii: "\t")) }
        fieldsInRecord += 1
    }

    private mutating func appendDigits(_ value: UInt64, radix: UInt64) {
        // 20 decimal digits at most (UInt64.max), fewer in hexadecimal.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var value = value
            var count = 0
            repeat {
                let digit = UInt8(truncatingIfNeeded: value % radix)
                digits[19 - count] = digit < 10 ? 0x30 + digit : 0x57 + digit  // 0-9, a-f
                value /= radix
                count += 1
            } while value > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - count)...]))
        }
    }
}
