import SluiceTail
import Testing
@testable import SluiceAPI

@Suite struct ProgressMetricsTests {
    @Test func lagPerFileIsCappedAndTheRestSummedPerSource() {
        let progress = TailerProgress(files: [
            .init(path: "/logs/a.log", source: "app", size: 1000, read: 900, acknowledged: 400),
            .init(path: "/logs/b.log", source: "app", size: 500, read: 500, acknowledged: 500),
            .init(path: "/logs/c \"q\".log", source: "app", size: 300, read: 300, acknowledged: 100),
            .init(path: "/other/d.log", source: "side", size: 50, read: 50, acknowledged: 20),
        ], checkpointsCurrentAt: nil)
        let text = ProgressMetrics.exposition(progress, fileLimit: 2)
        #expect(text.contains(#"sluice_file_lag_bytes{file="/logs/a.log",source="app"} 600"# + "\n"))
        #expect(text.contains(#"sluice_file_lag_bytes{file="/logs/c \"q\".log",source="app"} 200"# + "\n"), "quotes escaped")
        #expect(text.contains(#"sluice_file_lag_bytes{file="_other",source="app"} 0"# + "\n"))
        #expect(text.contains(#"sluice_file_lag_bytes{file="_other",source="side"} 30"# + "\n"))
        #expect(text.contains(#"sluice_source_lag_bytes{source="app"} 800"# + "\n"))
        #expect(text.contains(#"sluice_source_lag_bytes{source="side"} 30"# + "\n"))
        #expect(text.contains(#"sluice_source_files_followed{source="app"} 3"# + "\n"))
        #expect(!text.contains("checkpoint_age"), "no checkpoint yet: no series")
    }
}
