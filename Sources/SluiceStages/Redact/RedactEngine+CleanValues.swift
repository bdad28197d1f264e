/// How the engine uses its ``CleanValueMemo``: at every string value (``processString``), and
/// at an event's top level before anything else is done for a string member.
extension RedactEngine {
    /// What besides the key and the value the scan of a string depends on here.
    func cleanValueFlags(_ context: TextScanner.Context, depth: Int) -> CleanValueMemo.Flags {
        var flags: CleanValueMemo.Flags = []
        if context.key == nil { flags.insert(.noKey) }
        if context.inheritedVersion { flags.insert(.inheritedVersion) }
        if context.cookies { flags.insert(.cookies) }
        // Reached from processValue at depth 0, outside any cookie jar or person: the whole
        // of processValue came to this string, so its answer is processValue's.
        if depth == 0 && cookieJarDepth < 0 && personalDepth != 0 { flags.insert(.topLevel) }
        return flags
    }

    /// Where to remember a value that turns out clean; nil when it is remembered clean already.
    mutating func cleanValueProbe(
        key: UnsafeBufferPointer<UInt8>?, value: UnsafeBufferPointer<UInt8>, flags: CleanValueMemo.Flags
    ) -> CleanValueMemo.Probe? {
        if let pending = memberProbe {
            memberProbe = nil
            if pending.value == value.baseAddress && pending.count == value.count && flags == .topLevel { return pending.probe }
        }
        let probe = cleanValues.lookup(key: key, value: value, flags: flags)
        return probe.found ? nil : probe
    }

    /// True when the top-level string member `key: value` (`value` with its quotes) came out
    /// of ``processValue(_:key:inheritedVersion:skip:depth:escaped:)`` unchanged before: at
    /// the top level everything that decides it (the key's verdicts and personal-data role,
    /// the value's bytes) is in the memo's entry, so nothing else need be done. Not for the
    /// `message` of a cut line, nor with `only_fields:` (not scanning).
    mutating func isKnownCleanMember(key: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> Bool {
        memberProbe = nil
        guard scanning && !atCut, value.count >= 2 else { return false }
        let body = UnsafeBufferPointer(rebasing: value[1..<(value.count - 1)])
        guard CleanValueMemo.fits(key: key, value: body) else { return false }
        let probe = cleanValues.lookup(key: key, value: body, flags: .topLevel)
        if probe.found { return true }
        memberProbe = (body.baseAddress, body.count, probe)
        return false
    }
}
