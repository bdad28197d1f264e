/// Small drawing helpers for structure-aware generators.
extension SplitMix {
    /// A uniform integer in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    /// One element of a non-empty collection.
    public mutating func pick<C: Collection>(_ items: C) -> C.Element {
        items[items.index(items.startIndex, offsetBy: int(0...(items.count - 1)))]
    }
    /// `n` characters drawn from `alphabet`.
    public mutating func string(_ n: Int, from alphabet: String) -> String {
        let a = Array(alphabet)
        return String((0..<n).map { _ in a[int(0...(a.count - 1))] })
    }
    /// `n` decimal digits (the first may be 0).
    public mutating func digits(_ n: Int) -> String { string(n, from: "0123456789") }
    /// `n` hex digits in lower case.
    public mutating func hex(_ n: Int) -> String { string(n, from: "0123456789abcdef") }
}
