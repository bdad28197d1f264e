/// JSON members that hold personal data by their key, and the objects about a person or an
/// address whose members do:
///
/// - a name: `full_name`, `firstName`, `last_name`, `surname`, `customer_name`, `patient`,
///   `cardholder_name`, `name_on_card`, … (the whole value is a `person_name`); `name`,
///   `display_name`, `user.name` hold one when the value reads as a listed name, or always
///   in an object about a person (`customer`, `user`, `patient`, `author`, `billing`, …);
/// - an address: `address`, `street`, `address_line1`, `billing_address`, `postcode`,
///   `zip_code`, …; in an object named like an address, its `street`, `line1`, `city`,
///   `zip`, `house_number` (country and state stay);
/// - a date of birth: `dob`, `date_of_birth`, `birthDate`, `birthday` (whole value, any
///   type, an object's members too).
///
/// Keys are compared lowercased and without `_`, `-` and `.`, so `firstName`,
/// `first_name`, `first-name` and `first.name` are one key.
enum PersonalKeys {
    /// What a member's value is, by its key.
    enum Role: UInt8 {
        case none
        /// The value is a name.
        case name
        /// The value is a name when it reads as one (``PersonNameDetector/valueIsListedName(_:)``).
        case maybeName
        /// An object (or array of them) about a person; a string is a name when written as one.
        case person
        /// The value is an address or part of one.
        case address
        /// An object about an address; a string is an address when it has a space.
        case addressHolder
        /// The value is a date of birth.
        case birthDate
    }

    static let nameKeys: [StaticString] = [
        "fullname", "firstname", "lastname", "givenname", "familyname", "middlename", "surname", "maidenname",
        "legalname", "forename", "customername", "clientname", "patientname", "contactname", "cardholdername",
        "cardholder", "accountholder", "accountholdername", "nameoncard", "holdername", "ownername", "authorname",
        "recipientname", "sendername", "applicantname", "employeename", "beneficiaryname", "guestname",
        "passengername", "studentname", "membername", "personname", "billingname", "shippingname", "callername",
        "patient", "nextofkin", "emergencycontactname", "spousename", "guardianname", "insuredname",
        "subscribername", "payeename", "payername", "signername", "signatory", "realname", "doctorname",
        "physicianname", "tenantname", "buyername", "sellername", "driverfullname", "drivername",
    ]
    static let maybeNameKeys: [StaticString] = ["name", "displayname", "contact", "customer", "author", "nickname"]
    static let personKeys: [StaticString] = [
        "user", "customer", "client", "patient", "contact", "author", "recipient", "sender", "person", "employee",
        "member", "applicant", "owner", "cardholder", "accountholder", "beneficiary", "guest", "passenger",
        "student", "driver", "tenant", "buyer", "seller", "billing", "shipping", "profile", "emergencycontact",
        "guardian", "spouse", "insured", "subscriber", "caller", "payer", "payee", "signer", "traveler",
        "traveller", "users", "customers", "patients", "contacts", "authors", "recipients", "members", "people",
        "persons", "employees", "applicants", "guests", "passengers", "students", "billto", "shipto", "username",
        "assignee", "assignees", "reporter", "requester", "reviewer", "reviewers", "approver", "approvers", "attendees",
        "participants", "invitees", "createdby", "assignedto", "requestedby", "approvedby", "reviewedby", "submittedby",
        "signedby", "witness", "physician", "doctor", "nurse", "agentname",
    ]
    /// Members of an object about a person that are the name.
    static let personNameMembers: [StaticString] = [
        "name", "fullname", "firstname", "lastname", "givenname", "familyname", "middlename", "surname",
        "displayname", "first", "last", "given", "family", "forename",
    ]
    static let addressKeys: [StaticString] = [
        "streetaddress", "street", "addressline1", "addressline2", "addressline3", "addressline", "address1",
        "address2", "homeaddress", "billingaddress", "shippingaddress", "mailingaddress", "postaladdress",
        "deliveryaddress", "residentialaddress", "physicaladdress", "permanentaddress", "currentaddress",
        "postcode", "postalcode", "zipcode", "zip", "plz", "eircode", "housenumber", "streetname",
    ]
    static let addressHolderKeys: [StaticString] = [
        "address", "addresses", "residence", "homeaddress", "billingaddress", "shippingaddress",
        "mailingaddress", "postaladdress", "deliveryaddress",
    ]
    /// Members of an object about an address that are part of it (not `country`, `state`).
    static let addressMembers: [StaticString] = [
        "street", "streetaddress", "line1", "line2", "line3", "addressline1", "addressline2", "address1",
        "address2", "housenumber", "number", "building", "apartment", "apt", "unit", "suite", "flat", "city",
        "town", "locality", "district", "neighborhood", "neighbourhood", "postcode", "postalcode", "zip",
        "zipcode", "plz", "streetname", "formatted", "full", "text",
    ]
    static let birthKeys: [StaticString] = ["dob", "dateofbirth", "birthdate", "birthday", "borndate", "bornon", "geburtsdatum", "fechanacimiento", "datenaissance"]

    /// Keys are at most this long when compared.
    static let maxKey = 48

    /// Normalised key hash → role (its raw value).
    static let table: HashRoleTable = {
        var roles: [UInt64: Role] = [:]
        // Later lists win: a key in two lists takes the more specific role.
        for (list, role) in [(maybeNameKeys, Role.maybeName), (personKeys, .person), (addressHolderKeys, .addressHolder),
                             (addressKeys, .address), (nameKeys, .name), (birthKeys, .birthDate)] {
            for key in list { roles[hash(key)] = role }
        }
        return HashRoleTable(roles.map { ($0.key, UInt32($0.value.rawValue)) })
    }()

    /// The members of an object about a person that are its name (bit 1), of an object
    /// about an address that are part of it (bit 2), and the keys of a person (bit 4).
    static let members: HashRoleTable = HashRoleTable(
        personNameMembers.map { (hash($0), 1) } + addressMembers.map { (hash($0), 2) } + personKeys.map { (hash($0), 4) })

    /// One bit per (first, second-to-last, last) letter of the keys above (a person's key
    /// then a name member included: `customer_name`), each letter taken `& 31` so case does
    /// not matter: other keys (`event`, `tokens_out`, `score`) are passed over after one load.
    nonisolated(unsafe) static let gate: UnsafePointer<UInt64> = {
        let bits = UnsafeMutablePointer<UInt64>.allocate(capacity: 512)
        bits.initialize(repeating: 0, count: 512)
        func add(_ first: UInt8, _ key: StaticString) {
            let n = key.utf8CodeUnitCount
            let i = gateIndex(first, key.utf8Start[n - 2], key.utf8Start[n - 1])
            bits[i >> 6] |= 1 << UInt64(i & 63)
        }
        for list in [nameKeys, maybeNameKeys, personKeys, addressKeys, addressHolderKeys, birthKeys] {
            // Also as a header, `x-…`.
            for key in list { add(key.utf8Start[0], key); add(UInt8(ascii: "x"), key) }
        }
        for person in personKeys {
            for member in personNameMembers { add(person.utf8Start[0], member) }
        }
        return UnsafePointer(bits)
    }()

    @inline(__always)
    static func gateIndex(_ first: UInt8, _ secondLast: UInt8, _ last: UInt8) -> Int {
        Int(first & 31) << 10 | Int(secondLast & 31) << 5 | Int(last & 31)
    }

    static func hash(_ key: StaticString) -> UInt64 {
        hash(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount), 0, key.utf8CodeUnitCount)
    }

    /// FNV-1a over `key[start..<end]` lowercased, without `_`, `-`, `.` and spaces.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in start..<end {
            var b = key[k]
            if b == 0x5F || b == 0x2D || b == 0x2E || b == 0x20 { continue }
            if b &- 0x41 < 26 { b |= 0x20 }
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// True when `key` may have a role: its first and last two letters are those of a key above.
    @inline(__always)
    static func mayHaveRole(_ key: UnsafeBufferPointer<UInt8>, gate: UnsafePointer<UInt64>) -> Bool {
        guard key.count >= 3, key.count <= maxKey else { return false }
        let i = gateIndex(key[0], key[key.count - 2], key[key.count - 1])
        return gate[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    /// The role of `key`, alone (no enclosing object).
    static func role(_ key: UnsafeBufferPointer<UInt8>) -> Role {
        // A header's `x-` (`x-user-name`).
        if key.count > 4, key[0] | 0x20 == UInt8(ascii: "x"), key[1] == 0x2D {
            return role(UnsafeBufferPointer(rebasing: key[2...]))
        }
        let role = table.roles(hash(key, 0, key.count))
        if role != 0 { return Role(rawValue: UInt8(role)) ?? .none }
        // `user.name`, `customer_first_name`, `billingName`: a person's key, then a name member.
        for split in 2..<key.count where isBoundary(key, split) {
            if members.roles(hash(key, 0, split)) & 4 != 0 && members.roles(hash(key, split, key.count)) & 1 != 0 { return .name }
        }
        return .none
    }

    /// True when a new word starts at `i` of `key`: after `_`, `-`, `.`, or at a capital
    /// after a small letter (`billingName`).
    static func isBoundary(_ key: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let b = key[i], before = key[i - 1]
        if before == 0x5F || before == 0x2D || before == 0x2E { return b != 0x5F && b != 0x2D && b != 0x2E }
        return b &- 0x41 < 26 && before &- 0x61 < 26
    }

    /// The role of `key` as a member of an object about a person or an address.
    static func memberRole(_ key: UnsafeBufferPointer<UInt8>, in holder: Role) -> Role {
        guard key.count <= maxKey else { return .none }
        switch holder {
        case .person: return members.roles(hash(key, 0, key.count)) & 1 != 0 ? .name : .none
        case .addressHolder: return members.roles(hash(key, 0, key.count)) & 2 != 0 ? .address : .none
        case .birthDate: return .birthDate
        default: return .none
        }
    }
}
