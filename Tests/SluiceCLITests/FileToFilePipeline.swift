import SluiceTestSupport

/// A pipeline file for the CLI tests: `<dir>/logs/*.log` through `parse_json` into the file
/// output `<dir>/out.ndjson`, checkpoints in `<dir>/data`.
enum FileToFilePipeline {
    static func write(in dir: TempDirectory) throws -> String {
        try dir.write("pipeline.yaml", """
            data_dir: \(dir.path)/data
            sources:
              app:
                type: file
                include: ["\(dir.path)/logs/*.log"]
            stages:
              - type: parse_json
            outputs:
              out:
                type: file
                path: \(dir.path)/out.ndjson
            """)
    }
}
