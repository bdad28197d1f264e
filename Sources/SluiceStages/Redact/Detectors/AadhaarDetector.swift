/// Indian Aadhaar numbers: twelve digits, the first 2–9, the last a Verhoeff check digit.
/// Written 4-4-4 with single spaces or dashes (`2341 2341 2346`), or as twelve digits in a
/// row only right after `Aadhaar` (`aadhar`, `UIDAI`) or in a member whose key says so.
enum AadhaarDetector {
    static let keywords: KeywordList = ["aadhaar", "aadhar", "uidai"]

    /// Validates twelve digit values.
    static func isValid(_ d: UnsafePointer<UInt8>) -> Bool {
        d[0] >= 2 && verhoeff(d, 12) && !NationalNumber.allSame(d, 12)
    }

    /// True when groups `a...b` of `t` are written 4-4-4 with one separator, space or dash.
    static func isShaped(_ t: NumberToken, _ a: Int, _ b: Int) -> Bool {
        b - a == 2 && t.length(a) == 4 && t.length(a + 1) == 4 && t.length(b) == 4 && t.separatorsAreUniform(a, b, among: [0x20, 0x2D])
    }

    /// The Verhoeff check (dihedral group D5) over `count` digit values, the last being the
    /// check digit: true when it holds.
    static func verhoeff(_ d: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var c = 0
        for k in 0..<count {
            let digit = Int(d[count - 1 - k])
            c = Int(multiplication[c * 10 + Int(permutation[(k % 8) * 10 + digit])])
        }
        return c == 0
    }

    /// The multiplication table of D5, row by row.
    static let multiplication: [UInt8] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 0, 6, 7, 8, 9, 5,
        2, 3, 4, 0, 1, 7, 8, 9, 5, 6, 3, 4, 0, 1, 2, 8, 9, 5, 6, 7,
        4, 0, 1, 2, 3, 9, 5, 6, 7, 8, 5, 9, 8, 7, 6, 0, 4, 3, 2, 1,
        6, 5, 9, 8, 7, 1, 0, 4, 3, 2, 7, 6, 5, 9, 8, 2, 1, 0, 4, 3,
        8, 7, 6, 5, 9, 3, 2, 1, 0, 4, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
    ]

    /// The permutation applied to a digit by its position (mod 8) from the right, row by row.
    static let permutation: [UInt8] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 5, 7, 6, 2, 8, 3, 0, 9, 4,
        5, 8, 0, 3, 7, 9, 6, 1, 4, 2, 8, 9, 1, 6, 0, 4, 3, 5, 2, 7,
        9, 4, 5, 3, 1, 2, 6, 8, 7, 0, 4, 2, 8, 6, 5, 7, 3, 9, 0, 1,
        2, 7, 9, 3, 8, 0, 6, 4, 1, 5, 7, 0, 4, 6, 9, 1, 3, 2, 5, 8,
    ]
}
