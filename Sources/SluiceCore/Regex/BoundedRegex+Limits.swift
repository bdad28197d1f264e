import CPCRE2

extension BoundedRegex {
    /// The work one search may do before it gives up.
    ///
    /// - `match` (`pcre2_set_match_limit`): backtracking steps. PCRE2 10.42 counts them per
    ///   starting position, so a whole search over `n` bytes could cost `n × match` steps:
    ///   each search therefore gets `min(match, max(100, total / n))` per position, which
    ///   bounds it at about `total` steps (values up to 100 KB) and at `100 × n` beyond. 100,000 lets a pattern walk a 64 KiB value once from one start (`.*secret`
    ///   takes a step per byte) while an exponential pattern such as `(a+)+$` gives up after
    ///   ~0.2 ms (JIT) to ~1.5 ms (interpreter) instead of running for seconds or hours;
    ///   PCRE2's own default is 10,000,000.
    /// - `depth` (`pcre2_set_depth_limit`, interpreter only): nested backtracking frames, which
    ///   PCRE2 keeps on the heap; 10,000 bound that memory to a few MiB. A capturing group
    ///   repeated ~5,000 times in one match (`(ab)+$` over 10 KB of `abab…`) gives up there.
    ///   The JIT ignores it and is bounded by its stack instead (``RegexScratch``, 1 MiB).
    /// - `total`: the steps of a whole search, over all its starting positions (see above):
    ///   10,000,000, a few tens of milliseconds at most.
    public struct Limits: Sendable, Equatable {
        public var match: UInt32
        public var depth: UInt32
        public var total: UInt64

        public init(match: UInt32 = 100_000, depth: UInt32 = 10_000, total: UInt64 = 10_000_000) {
            self.match = match
            self.depth = depth
            self.total = total
        }

        /// The per-position match limit for a search over `positions` starting positions.
        func matchLimit(positions: Int) -> UInt32 {
            let share = total / UInt64(max(positions, 1))
            return UInt32(min(UInt64(match), max(100, share)))
        }
    }

    /// Which limit stopped a search.
    public enum Limit: String, Sendable, Equatable {
        /// `PCRE2_ERROR_MATCHLIMIT`.
        case match = "match_limit"
        /// `PCRE2_ERROR_DEPTHLIMIT`.
        case depth = "depth_limit"
        /// `PCRE2_ERROR_JIT_STACKLIMIT`.
        case jitStack = "jit_stack_limit"
        /// `PCRE2_ERROR_HEAPLIMIT` or `PCRE2_ERROR_NOMEMORY`: the backtracking memory.
        case memory = "memory_limit"
        /// Any other error the engine stopped with; treated as a limit hit (fail closed).
        case other = "engine_error"

        init(errorCode: Int32) {
            switch errorCode {
            case PCRE2_ERROR_MATCHLIMIT: self = .match
            case PCRE2_ERROR_DEPTHLIMIT: self = .depth
            case PCRE2_ERROR_JIT_STACKLIMIT: self = .jitStack
            case PCRE2_ERROR_HEAPLIMIT, PCRE2_ERROR_NOMEMORY: self = .memory
            default: self = .other
            }
        }
    }
}
