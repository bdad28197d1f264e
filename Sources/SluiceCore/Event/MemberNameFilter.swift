/// A 64-bit summary of an object's member names, for telling at once that a name is not among
/// them: each name sets one bit, drawn from its length and its first byte. A look-up
/// whose bit is clear has no member to look for; a set bit says nothing (another name may
/// have set it), and the members are compared as usual.
///
/// Why: a stage writing a member it adds to every event (`sample`'s `sample_rate`, `trace`'s
/// `trace_missing`) first looks for one already there, and `parse_json` looks for time fields
/// an event may not have (`@timestamp`): each such look-up compared the name with every member,
/// 210 instructions for the bench's 13 members, to find none (callgrind). The scanner sets the
/// bits as it reads the names (a few instructions a member).
///
/// A name written with escapes sets every bit (``unknown``): its bytes as written are not the
/// name a look-up asks for. Removing a member leaves its bit set (a superset stays correct).
public enum MemberNameFilter {
    /// Every bit: nothing can be ruled out.
    public static let unknown: UInt64 = .max

    /// The bit of the name of `n` bytes at `p` (as a look-up asks for it, or as written
    /// without escapes).
    @inline(__always)
    public static func bit(_ p: UnsafePointer<UInt8>?, _ n: Int) -> UInt64 {
        guard let p, n > 0 else { return 1 }
        return 1 << ((UInt64(p[0]) &+ UInt64(truncatingIfNeeded: n) &* 8) & 63)
    }

    /// The bit of `key` as a member's name.
    @inline(__always)
    public static func bit(_ key: FieldKey) -> UInt64 {
        key.bytes.withUnsafeBufferPointer { bit($0.baseAddress, $0.count) }
    }
}
