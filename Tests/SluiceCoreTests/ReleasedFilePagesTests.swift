import Testing
import CSluiceSystem
import Glibc

/// `sluice_release_clean_file_pages`, which `sluice run` calls once started: the resident
/// pages of read-only file mappings go back to the kernel, and the process goes on working
/// (code paged out comes back from the file when it runs again).
@Suite struct ReleasedFilePagesTests {
    /// A field of /proc/self/status in kB (`RssFile`, `RssAnon`).
    static func status(_ field: String) -> Int? {
        let fd = open("/proc/self/status", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 8192)
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        for line in String(decoding: bytes[..<n], as: UTF8.self).split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }

    @Test func residentFilePagesGoBackAndTheProcessGoesOn() throws {
        let before = try #require(Self.status("RssFile"))
        let anonBefore = try #require(Self.status("RssAnon"))
        let advised = sluice_release_clean_file_pages()
        #expect(advised > 0)
        let after = try #require(Self.status("RssFile"))
        #expect(after < before, "RssFile \(before) kB → \(after) kB")
        // Nothing written is lost: anonymous memory stays, and code runs again.
        #expect(try #require(Self.status("RssAnon")) >= anonBefore / 2)
        var sum = 0
        for k in 0..<1_000 { sum &+= String(k).utf8.count }
        #expect(sum == 2_890)
    }
}
