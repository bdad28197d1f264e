/// Payment card numbers: 13–19 digits that pass the Luhn check and start with an issuer
/// prefix in use (Visa 4, Mastercard 51–55 and 2221–2720, Amex 34/37, Discover 6011/644–649/65,
/// JCB 3528–3589, Diners 300–305/36/38–39, UnionPay 62, Maestro 50/56–58/63/67).
///
/// Written as one run of 13–16 digits, or in groups of 3–6 digits (the last may be shorter,
/// as in Diners `3056 9309 0259 04`) separated by single spaces or single dashes (the same
/// separator throughout), e.g. `4111 1111 1111 1111`, `3782-822463-10005`. Ungrouped runs of 17–19 digits are left alone: in logs those are ids
/// (decimal span ids), not cards.
enum CreditCardDetector {
    /// Validates `count` digits gathered in `digits`.
    static func isCard(_ digits: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard count >= 13 && count <= 19 else { return false }
        return hasIssuerPrefix(digits, count) && luhn(digits, count)
    }

    /// The Luhn (mod 10) check over digit values 0–9.
    static func luhn(_ digits: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var sum = 0
        var double = false
        var k = count - 1
        while k >= 0 {
            var d = Int(digits[k])
            if double {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
            double.toggle()
            k -= 1
        }
        return sum % 10 == 0
    }

    static func hasIssuerPrefix(_ d: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let two = Int(d[0]) * 10 + Int(d[1])
        let four = two * 100 + Int(d[2]) * 10 + Int(d[3])
        switch d[0] {
        case 4: return count == 13 || count == 16 || count == 19
        case 5:
            if (51...55).contains(two) { return count == 16 }
            return two == 50 || (56...58).contains(two)  // Maestro
        case 2: return (2221...2720).contains(four) && count == 16
        case 3:
            if two == 34 || two == 37 { return count == 15 }
            if (3528...3589).contains(four) { return count >= 16 }
            if two == 36 || two == 38 || two == 39 || (300...305).contains(four / 10) { return count >= 14 }
            return false
        case 6:
            return four == 6011 || (644...649).contains(four / 10) || two == 65 || two == 62 || two == 63 || two == 67
        default: return false
        }
    }
}
