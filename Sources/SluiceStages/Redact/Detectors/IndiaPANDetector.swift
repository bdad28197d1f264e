/// Indian Permanent Account Numbers: five capitals, four digits and a capital
/// (`ABCPE1234F`), the fourth letter one of the holder types `A B C F G H J L P T`
/// (association, body of individuals, company, firm, government, Hindu undivided family,
/// artificial juridical person, local authority, person, trust). The last letter is a check
/// character whose algorithm is not published, so only the structure is checked.
enum IndiaPANDetector {
    /// The number starting at `i` (two capitals, checked by the caller); returns its end.
    static func match(_ s: Bytes, at i: Int) -> Int? {
        guard s.isUpper(i + 2), s.isUpper(i + 3), s.isUpper(i + 4), s.isDigit(i + 5) else { return nil }
        switch s[i + 3] {
        case UInt8(ascii: "A"), UInt8(ascii: "B"), UInt8(ascii: "C"), UInt8(ascii: "F"), UInt8(ascii: "G"), UInt8(ascii: "H"),
            UInt8(ascii: "J"), UInt8(ascii: "L"), UInt8(ascii: "P"), UInt8(ascii: "T"):
            break
        default:
            return nil
        }
        guard s.isDigit(i + 6), s.isDigit(i + 7), s.isDigit(i + 8), s.isUpper(i + 9), !s.isWord(i + 10) else { return nil }
        return i + 10
    }
}
