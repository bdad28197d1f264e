import SluiceTail
import Testing
@testable import SluiceRuntime

@Suite struct BackfillProgressTests {
    @Test func showsBytesOfTheTotalTheRateAndTimeLeft() {
        var progress = BackfillProgress(now: 100)
        let half = TailerProgress(files: [
            .init(path: "/a", source: "app", size: 1 << 30, read: 1 << 29, acknowledged: 0),
            .init(path: "/b", source: "app", size: 0, read: 0, acknowledged: 0),
        ])
        #expect(progress.line(half, linesRead: 1_500_000, now: 101) == "read 512.0 MiB of 1.0 GiB (50%), 1,500,000 lines/s, about 1s left")
        let done = TailerProgress(files: [.init(path: "/a", source: "app", size: 1 << 30, read: 1 << 30, acknowledged: 1 << 30)])
        let last = progress.line(done, linesRead: 3_000_000, now: 102)
        #expect(last.hasPrefix("read 1.0 GiB of 1.0 GiB (100%), 1,500,000 lines/s") && !last.contains("left"))
    }

    @Test func durations() {
        #expect(BackfillProgress.duration(59.2) == "1m00s")
        #expect(BackfillProgress.duration(3725) == "1h02m")
        #expect(BackfillProgress.duration(4) == "4s")
    }
}
