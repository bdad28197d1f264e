import SluiceCore

/// Walking nested JSON: the members and elements of an object or array, each value processed
/// in its key's context, the container rebuilt only when something inside changed.
extension RedactEngine {
    /// Walks an object or array (validated JSON); returns it rebuilt when any value inside
    /// changed. Untouched bytes are copied as they are.
    mutating func walkContainer(_ v: UnsafeBufferPointer<UInt8>, version: Bool, skip: [ArraySlice<FieldKey>], depth: Int) throws(RedactFailure) -> [UInt8]? {
        var out: [UInt8] = []
        var copied = 0
        var changed = false
        let n = v.count
        var i = 1
        let isObject = v[0] == UInt8(ascii: "{")
        let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        @inline(__always) func skipSpace() {
            while i < n && (v[i] == 0x20 || v[i] == 0x0A || v[i] == 0x0D || v[i] == 0x09) { i += 1 }
        }
        skipSpace()
        if i < n && v[i] == close { return nil }
        while true {
            var rawKey: UnsafeBufferPointer<UInt8>? = nil
            var decodedKey: [UInt8]? = nil
            var childSkip: [ArraySlice<FieldKey>] = []
            var skipWhole = false
            if isObject {
                guard i < n, v[i] == UInt8(ascii: "\"") else { throw .malformed }
                let keyEnd = try Self.stringEnd(v, i)
                let raw = UnsafeBufferPointer(rebasing: v[(i + 1)..<(keyEnd - 1)])
                if raw.contains(UInt8(ascii: "\\")) {
                    var decoded: [UInt8] = []
                    JSONStringCodec.decode(raw, into: &decoded)
                    decodedKey = decoded
                } else {
                    rawKey = raw
                }
                i = keyEnd
                skipSpace()
                guard i < n, v[i] == UInt8(ascii: ":") else { throw .malformed }
                i += 1
                skipSpace()
                if !skip.isEmpty {
                    let keyBytes = decodedKey ?? Array(raw)
                    for rest in skip where rest.first?.bytes == keyBytes {
                        if rest.count == 1 { skipWhole = true } else { childSkip.append(rest.dropFirst()) }
                    }
                }
            }
            guard i < n else { throw .malformed }
            let valueStart = i
            let valueEnd = try Self.valueEnd(v, i)
            if !skipWhole {
                let value = UnsafeBufferPointer(rebasing: v[valueStart..<valueEnd])
                let replaced: (JSONKind, [UInt8])?
                if let decodedKey {
                    if explaining { path.append(String(decoding: decodedKey, as: UTF8.self)) }
                    replaced = try decodedKey.withUnsafeBufferPointer { (k) throws(RedactFailure) in
                        try processValue(value, key: k, inheritedVersion: version, skip: childSkip, depth: depth + 1)
                    }
                } else {
                    if explaining { path.append(rawKey.map { String(decoding: $0, as: UTF8.self) } ?? "[]") }
                    replaced = try processValue(value, key: rawKey, inheritedVersion: version, skip: childSkip, depth: depth + 1)
                }
                if explaining { path.removeLast() }
                if let (_, bytes) = replaced {
                    if !changed { out.reserveCapacity(n + 32) }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: v[copied..<valueStart]))
                    out.append(contentsOf: bytes)
                    copied = valueEnd
                    changed = true
                }
            }
            i = valueEnd
            skipSpace()
            guard i < n else { throw .malformed }
            if v[i] == UInt8(ascii: ",") {
                i += 1
                skipSpace()
                continue
            }
            guard v[i] == close else { throw .malformed }
            break
        }
        guard changed else { return nil }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: v[copied...]))
        return out
    }

    /// The index after the string whose opening quote is at `i`.
    static func stringEnd(_ v: UnsafeBufferPointer<UInt8>, _ i: Int) throws(RedactFailure) -> Int {
        var j = i + 1
        while j < v.count {
            let b = v[j]
            if b == UInt8(ascii: "\"") { return j + 1 }
            j += b == UInt8(ascii: "\\") ? 2 : 1
        }
        throw .malformed
    }

    /// The index after the value starting at `i`.
    static func valueEnd(_ v: UnsafeBufferPointer<UInt8>, _ i: Int) throws(RedactFailure) -> Int {
        let first = v[i]
        if first == UInt8(ascii: "\"") { return try stringEnd(v, i) }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            var depth = 0
            var j = i
            while j < v.count {
                let b = v[j]
                if b == UInt8(ascii: "\"") {
                    j = try stringEnd(v, j)
                    continue
                }
                if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { depth += 1 }
                if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { return j + 1 }
                }
                j += 1
            }
            throw .malformed
        }
        var j = i
        while j < v.count {
            let b = v[j]
            if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { break }
            j += 1
        }
        guard j > i else { throw .malformed }
        return j
    }
}
