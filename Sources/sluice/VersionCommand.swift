import ArgumentParser
import SluiceOutputs

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version and linked libraries.")

    func run() {
        print("sluice \(SluiceVersion.current) (libcurl \(LinkedLibraries.curl), libdeflate \(LinkedLibraries.libdeflate))")
    }
}
