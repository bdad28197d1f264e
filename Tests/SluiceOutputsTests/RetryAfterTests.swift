import Testing
@testable import SluiceOutputs

/// `Retry-After` as the server may send it: seconds, or an HTTP-date in any of its three forms.
struct RetryAfterTests {
    /// 2026-12-06 07:00:00 UTC.
    let now: Int64 = 1_796_540_400

    @Test func secondsAreSeconds() {
        #expect(RetryAfter.seconds("120", now: now) == 120)
        #expect(RetryAfter.seconds(" 7 \r\n", now: now) == 7)
        #expect(RetryAfter.seconds("0", now: now) == 0)
        #expect(RetryAfter.seconds("-1", now: now) == nil)
    }

    @Test func anHTTPDateIsTheTimeUntilIt() {
        #expect(RetryAfter.seconds("Sun, 06 Dec 2026 07:01:30 GMT", now: now) == 90, "IMF-fixdate")
        #expect(RetryAfter.seconds("Sunday, 06-Dec-26 07:00:05 GMT", now: now) == 5, "RFC 850")
        #expect(RetryAfter.seconds("Sun Dec  6 07:02:00 2026", now: now) == 120, "asctime")
        #expect(RetryAfter.seconds("Sun, 06 Dec 2026 06:00:00 GMT", now: now) == 0, "a date already past: no wait")
    }

    @Test func anythingElseIsNoWait() {
        for text in ["", "soon", "1.5", "Sun, 32 Dec 2026 07:00:00 GMT", "Sun, 06 Foo 2026 07:00:00 GMT", "Sun, 06 Dec 2026 25:00:00 GMT", "Sun, 06 Dec 2026 07:00:00 CET"] {
            #expect(RetryAfter.seconds(text, now: now) == nil, "\(text)")
        }
    }
}
