import SluiceCore

/// The `Retry-After` header (RFC 9110 §10.2.3), read once where the response is: how many
/// seconds the server asks the client to wait.
public enum RetryAfter {
    /// `value` as seconds from `now` (seconds since the epoch): a delay in whole seconds
    /// (`120`), or an HTTP-date (`Wed, 21 Oct 2026 07:28:00 GMT`, also the obsolete RFC 850
    /// and asctime forms), a date already past being 0. nil when it is neither.
    public static func seconds(_ value: String, now: Int64) -> Double? {
        let text = String(value.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        if let n = Int(text) { return n >= 0 ? Double(n) : nil }
        guard let date = httpDate(text) else { return nil }
        return Double(max(0, date - now))
    }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// An HTTP-date as seconds since the epoch: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`),
    /// RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) or asctime (`Sun Nov  6 08:49:37 1994`).
    static func httpDate(_ text: String) -> Int64? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        var day: Int?, month: Int?, year: Int?, time: [Int]?
        if words.count == 6, words[5] == "GMT" {  // IMF-fixdate: weekday day month year time GMT
            day = Int(words[1])
            month = months.firstIndex(of: words[2].lowercased()).map { $0 + 1 }
            year = Int(words[3])
            time = clock(words[4])
        } else if words.count == 4, words[3] == "GMT" {  // RFC 850: weekday dd-Mon-yy time GMT
            let parts = words[1].split(separator: "-").map(String.init)
            guard parts.count == 3, let yy = Int(parts[2]) else { return nil }
            day = Int(parts[0])
            month = months.firstIndex(of: parts[1].lowercased()).map { $0 + 1 }
            year = parts[2].count == 2 ? (yy < 70 ? 2000 + yy : 1900 + yy) : yy
            time = clock(words[2])
        } else if words.count == 5 {  // asctime: weekday month day time year
            month = months.firstIndex(of: words[1].lowercased()).map { $0 + 1 }
            day = Int(words[2])
            time = clock(words[3])
            year = Int(words[4])
        }
        guard let day, let month, let year, let time, (1...CivilTime.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        return CivilTime.daysFromCivil(year: year, month: month, day: day) * 86_400 + Int64(time[0] * 3600 + time[1] * 60 + time[2])
    }

    /// `hh:mm:ss` as its three numbers, nil when out of range.
    static func clock(_ text: String) -> [Int]? {
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 3, (0...23).contains(parts[0]), (0...59).contains(parts[1]), (0...60).contains(parts[2]) else { return nil }
        return parts
    }
}
