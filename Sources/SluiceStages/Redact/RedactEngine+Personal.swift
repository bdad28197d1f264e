import SluiceCore

extension RedactEngine {
    /// The personal-data role of the value at `depth` under `key` (see ``PersonalKeys``):
    /// a member of an object about a person or an address first, then the key alone (its
    /// `verdict`, remembered per key).
    @inline(__always)
    func personalRole(key: UnsafeBufferPointer<UInt8>?, depth: Int, verdict: KeyVerdicts.Verdict) -> PersonalKeys.Role {
        if depth == personalDepth {
            guard let key else { return personalHolder }
            let role = PersonalKeys.memberRole(key, in: personalHolder)
            if role != .none { return role }
        }
        return verdict.personalRole
    }

    /// ``processValue(_:key:inheritedVersion:skip:depth:escaped:)`` for a value whose key
    /// gives it a personal-data `role`, kept apart from the hot path. Returns nil when the
    /// role does not apply to this value (it is then processed as usual), else what
    /// `processValue` returns.
    @inline(never)
    mutating func processPersonal(
        _ v: UnsafeBufferPointer<UInt8>, key: UnsafeBufferPointer<UInt8>?, role: PersonalKeys.Role, inheritedVersion: Bool,
        skip: [ArraySlice<FieldKey>], depth: Int
    ) throws(RedactFailure) -> (JSONKind, [UInt8])?? {
        let first = v[0]
        let container = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        let d = settings.detectors
        switch role {
        case .none:
            return nil
        case .name, .address, .birthDate:
            let rule = role == .name ? RedactRule.personName : role == .address ? RedactRule.address : RedactRule.dateOfBirth
            guard d.contains(rule) else { return nil }
            if container {
                // `"name": {"first": …}`, `"dob": {"year": …}`, `"address": [ … ]`.
                // An array of names (`"given": ["Maria", "José"]`) holds names; an object, a person.
                let holder: PersonalKeys.Role = role == .name ? (first == UInt8(ascii: "[") ? .name : .person)
                    : role == .address ? .addressHolder : .birthDate
                return .some(try walkPersonal(v, holder: holder, inheritedVersion: inheritedVersion, skip: skip, depth: depth))
            }
            // Numbers are names only under a date of birth or an address (`"zip": 94105`).
            if role == .name && first != UInt8(ascii: "\"") { return nil }
            return .some(sensitiveValue(v, rule: rule).map { (.string, $0) })
        case .maybeName, .person, .addressHolder:
            if container {
                // `"name": [{"family": …, "given": […]}]` (FHIR's HumanName) is about a person.
                let holder: PersonalKeys.Role = role == .maybeName ? .person : role
                guard d.contains(holder == .person ? RedactRule.personName : RedactRule.address) else { return nil }
                return .some(try walkPersonal(v, holder: holder, inheritedVersion: inheritedVersion, skip: skip, depth: depth))
            }
            guard first == UInt8(ascii: "\""), v.count > 3 else { return nil }
            let raw = UnsafeBufferPointer(rebasing: v[1..<(v.count - 1)])
            var decoded: [UInt8] = []
            if raw.contains(UInt8(ascii: "\\")) { JSONStringCodec.decode(raw, into: &decoded) }
            let takes = decoded.isEmpty ? personalValueTakes(Bytes(raw.baseAddress!, raw.count), role: role)
                : decoded.withUnsafeBufferPointer { personalValueTakes(Bytes($0.baseAddress!, $0.count), role: role) }
            guard let rule = takes, d.contains(rule) else { return nil }
            return .some(sensitiveValue(v, rule: rule).map { (.string, $0) })
        }
    }

    /// The rule a string under a key of `role` is masked by, when it reads as that: an
    /// address with words (`"address": "10.0.0.1"` is left to the scan), a name.
    func personalValueTakes(_ body: Bytes, role: PersonalKeys.Role) -> UInt16? {
        if role == .addressHolder { return body.hasSpaceAndLetter ? RedactRule.address : nil }
        if PersonNameDetector.valueIsListedName(body) || (role == .person && PersonNameDetector.valueIsName(body)) { return RedactRule.personName }
        return nil
    }

    /// Walks an object or array about a person, an address or a date of birth: its direct
    /// members are read with ``PersonalKeys/memberRole(_:in:)``.
    mutating func walkPersonal(
        _ v: UnsafeBufferPointer<UInt8>, holder: PersonalKeys.Role, inheritedVersion: Bool, skip: [ArraySlice<FieldKey>], depth: Int
    ) throws(RedactFailure) -> (JSONKind, [UInt8])? {
        let (outerHolder, outerDepth) = (personalHolder, personalDepth)
        personalHolder = holder
        personalDepth = depth + 1
        defer { (personalHolder, personalDepth) = (outerHolder, outerDepth) }
        return try processContainer(v, version: inheritedVersion, skip: skip, depth: depth)
    }
}

extension Bytes {
    /// True when the bytes hold a space and a letter (an address written out).
    var hasSpaceAndLetter: Bool {
        var space = false, letter = false
        for k in 0..<n {
            let b = p[k]
            if b == 0x20 { space = true } else if b &- 0x41 < 26 || b &- 0x61 < 26 { letter = true }
            if space && letter { return true }
        }
        return false
    }
}
