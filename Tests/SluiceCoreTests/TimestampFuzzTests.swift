import Foundation
import Testing
import SluiceTestSupport
@testable import SluiceCore

/// Fuzzing of ``TimestampParser``: generated RFC 3339 variants against Foundation's
/// `Calendar` and `ISO8601DateFormatter`, epoch numbers in every unit and spelling against
/// exact integer arithmetic, and mutated inputs (no crash; anything accepted has the shape
/// of the grammar and the value Foundation computes for it).
@Suite struct TimestampFuzzTests {
    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    /// Seconds since the epoch of a UTC wall time, by Foundation.
    static func foundationSeconds(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) -> Int64? {
        let date = utc.date(from: DateComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s))
        return date.map { Int64($0.timeIntervalSince1970.rounded()) }
    }

    static func parse(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBytes { TimestampParser.parse(jsonValue: $0) }
    }

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    @Test func generatedRFC3339MatchesFoundation() {
        let run = FuzzRun("timestamp.rfc3339", defaultIterations: 4_000)
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        run.forEach { i, rng in
            let y = rng.int(1678...2261), mo = rng.int(1...12)
            let dim = Self.utc.range(of: .day, in: .month, for: Self.utc.date(from: DateComponents(year: y, month: mo))!)!.count
            let d = rng.int(1...dim), h = rng.int(0...23), mi = rng.int(0...59), s = rng.int(0...59)
            let fracDigits = rng.chance(0.3) ? 0 : rng.int(1...12)
            let frac = rng.digits(fracDigits)
            let (offsetText, offsetSeconds): (String, Int) = {
                switch rng.int(0...5) {
                case 0: return ("", 0)
                case 1: return (rng.pick(["Z", "z"]), 0)
                default:
                    let oh = rng.int(0...23), om = rng.int(0...59), sign = rng.pick(["+", "-"])
                    let seconds = (oh * 3600 + om * 60) * (sign == "-" ? -1 : 1)
                    switch rng.int(0...2) {
                    case 0: return ("\(sign)\(Self.two(oh)):\(Self.two(om))", seconds)
                    case 1: return ("\(sign)\(Self.two(oh))\(Self.two(om))", seconds)
                    default: return ("\(sign)\(Self.two(oh))", (oh * 3600) * (sign == "-" ? -1 : 1))
                    }
                }
            }()
            let sep = rng.pick(["T", "t", " "])
            let text = "\(y)-\(Self.two(mo))-\(Self.two(d))\(sep)\(Self.two(h)):\(Self.two(mi)):\(Self.two(s))"
                + (fracDigits > 0 ? "." + frac : "") + offsetText
            guard let wall = Self.foundationSeconds(y, mo, d, h, mi, s) else {
                Issue.record("\(run.at(i)): Foundation has no date for \(text)")
                return
            }
            let nanos = Int64((frac + "000000000").prefix(9))!
            let (scaled, overflow) = (wall - Int64(offsetSeconds)).multipliedReportingOverflow(by: 1_000_000_000)
            let expected: Int64? = overflow ? nil : scaled.addingReportingOverflow(nanos).overflow ? nil : scaled + nanos
            #expect(Self.parse("\"\(text)\"") == expected, "\(run.at(i)): \(text)")
            // ISO8601DateFormatter reads the `T…Z`/`±HH:MM` spelling with a fraction, to the millisecond.
            if sep == "T", fracDigits > 0, fracDigits <= 6, offsetText == "Z" || offsetText.count == 6, let ns = expected,
                let date = iso.date(from: text)
            {
                let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
                let nsMs = ns >= 0 ? ns / 1_000_000 : (ns - 999_999) / 1_000_000  // floor, as `ms`
                #expect(abs(nsMs - ms) <= 1, "\(run.at(i)): \(text) vs ISO8601DateFormatter")
            }
        }
    }

    @Test func generatedEpochNumbersMatchExactArithmetic() {
        let run = FuzzRun("timestamp.epoch", defaultIterations: 4_000)
        // (unit in ns, smallest and largest integer part that the parser reads in that unit)
        let units: [(Int64, Int64, Int64)] = [
            (1_000_000_000, 0, 99_999_999_999), (1_000_000, 100_000_000_000, 99_999_999_999_999),
            (1_000, 100_000_000_000_000, 99_999_999_999_999_999), (1, 100_000_000_000_000_000, Int64.max),
        ]
        run.forEach { i, rng in
            let (unit, low, high) = rng.pick(units)
            let limit = Int64.max / unit
            let integer = Int64.random(in: low...min(high, limit), using: &rng)
            let fracDigits = unit == 1 ? 0 : rng.int(0...12)
            let frac = rng.digits(fracDigits)
            let negative = rng.chance(0.2)
            let keep = String(unit).count - 1  // fraction digits below the unit kept (9, 6, 3, 0)
            let fracValue = keep == 0 ? 0 : Int64((frac + "000000000").prefix(keep))!
            let (scaled, o1) = integer.multipliedReportingOverflow(by: unit)
            let (magnitude, o2) = scaled.addingReportingOverflow(fracValue)
            let expected: Int64? = o1 || o2 ? nil : negative ? -magnitude : magnitude
            // Spell the same number plainly or with an exponent (the point moved).
            let digits = String(integer) + frac
            let point = String(integer).count
            var body: String
            if rng.chance(0.5) {
                body = String(integer) + (fracDigits > 0 ? "." + frac : "")
            } else {
                let newPoint = rng.int(1...digits.count)
                let exponent = point - newPoint
                let mantissa = String(digits.prefix(newPoint)) + (newPoint < digits.count ? "." + digits.dropFirst(newPoint) : "")
                body = mantissa + rng.pick(["e", "E"]) + (exponent >= 0 ? rng.pick(["", "+"]) : "") + String(exponent)
            }
            if negative { body = "-" + body }
            let text = rng.chance(0.3) && !negative ? "\"\(body)\"" : body
            #expect(Self.parse(text) == expected, "\(run.at(i)): \(text)")
        }
    }

    /// `YYYY-MM-DD[Tt ]HH:MM:SS[.frac][Z|z|±HH[[:]MM]]`, as documented.
    static let grammar = try! NSRegularExpression(pattern: #"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}(:?\d{2})?)?$"#)

    @Test func mutatedTimestampsAreRejectedOrReadAsFoundationDoes() {
        let run = FuzzRun("timestamp.mutated", defaultIterations: 6_000)
        let corpus = FuzzCorpus.lines("timestamps.txt")
        #expect(corpus.count >= 15)
        var accepted = 0
        run.forEach { i, rng in
            let line = ByteMutator.mutate(rng.pick(corpus), other: rng.pick(corpus), maxSteps: 3, rng: &rng)
            let parsed = line.withUnsafeBytes { TimestampParser.parse(jsonValue: $0) }
            guard let parsed, line.first == UInt8(ascii: "\""), line.count >= 2 else { return }
            accepted += 1
            let inner = String(decoding: line.dropFirst().dropLast(), as: UTF8.self)
            let range = NSRange(inner.startIndex..., in: inner)
            guard let m = Self.grammar.firstMatch(in: inner, range: range) else { return }  // epoch in a string
            func field(_ k: Int) -> Int { Int(inner[Range(m.range(at: k), in: inner)!])! }
            let (y, mo, d, h, mi) = (field(1), field(2), field(3), field(4), field(5))
            let s = min(field(6), 59)
            #expect(y >= 1677 && y <= 2262, "\(run.at(i)): accepted \(inner.debugDescription), beyond Int64 nanoseconds")
            guard y >= 1678, y <= 2261 else { return }  // the edges: pinned by TimestampTests
            guard let wall = Self.foundationSeconds(y, mo, d, h, mi, s),
                Self.utc.component(.day, from: Date(timeIntervalSince1970: Double(wall))) == d
            else {
                Issue.record("\(run.at(i)): accepted \(inner.debugDescription), not a valid date")
                return
            }
            var offset = 0
            if m.range(at: 8).location != NSNotFound {
                let o = inner[Range(m.range(at: 8), in: inner)!].filter(\.isNumber)
                if o.count >= 2 {
                    offset = Int(o.prefix(2))! * 3600 + (o.count == 4 ? Int(o.suffix(2))! * 60 : 0)
                    if inner[Range(m.range(at: 8), in: inner)!].hasPrefix("-") { offset = -offset }
                }
            }
            let fraction = m.range(at: 7).location == NSNotFound ? "" : String(inner[Range(m.range(at: 7), in: inner)!].dropFirst())
            let nanos = field(6) == 60 ? 999_999_999 : Int64((fraction + "000000000").prefix(9))!
            #expect(parsed == (wall - Int64(offset)) * 1_000_000_000 + nanos, "\(run.at(i)): \(inner.debugDescription)")
        }
        print("fuzz timestamp.mutated: \(accepted) mutated strings accepted")
    }

    @Test func randomBytesDoNotCrash() {
        let run = FuzzRun("timestamp.bytes", defaultIterations: 4_000)
        var accepted = 0
        run.forEach { _, rng in
            let bytes = (0..<rng.int(0...40)).map { _ in rng.chance(0.7) ? rng.pick(Array("0123456789-+:.eETZ \"".utf8)) : UInt8.random(in: 0...255, using: &rng) }
            if bytes.withUnsafeBytes({ TimestampParser.parse(jsonValue: $0) }) != nil { accepted += 1 }
        }
        #expect(accepted < run.iterations)
    }
}
