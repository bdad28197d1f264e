/// US Social Security numbers: `AAA-GG-SSSS` (dashes or spaces), or nine digits in a row
/// right after a word such as `SSN` or `social security`. Numbers that were never issued
/// are not matched: area 000, 666 or 900–999, group 00, serial 0000.
enum SSNDetector {
    static let keywords: KeywordList = ["ssn", "social security", "social_security", "socialsecurity", "ss#"]

    /// Validates nine digit values.
    static func isValid(_ d: UnsafePointer<UInt8>) -> Bool {
        let area = Int(d[0]) * 100 + Int(d[1]) * 10 + Int(d[2])
        let group = Int(d[3]) * 10 + Int(d[4])
        let serial = Int(d[5]) * 1000 + Int(d[6]) * 100 + Int(d[7]) * 10 + Int(d[8])
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }
}
