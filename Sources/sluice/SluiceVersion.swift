/// The version `sluice version` reports.
enum SluiceVersion {
    static let current = "0.1.0"
}
