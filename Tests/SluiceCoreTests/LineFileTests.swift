import Glibc
import SluiceTestSupport
import Testing
@testable import SluiceCore

@Suite struct LineFileTests {
    func cut(_ content: [UInt8]) throws -> (cut: Int, left: [UInt8]) {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("lines")
        let writer = try FileIO.open(path, O_WRONLY | O_CREAT | O_TRUNC)
        try FileIO.writeAll(writer, content, path: path)
        close(writer)
        let (fd, cut) = try LineFile.openForAppending(path)
        close(fd)
        return (cut, try FileIO.readAll(path))
    }

    @Test func wholeLinesAreKept() throws {
        let text = Array("a\nbb\n".utf8)
        #expect(try cut(text) == (0, text))
        #expect(try cut([]) == (0, []))
    }

    @Test func anUnterminatedLastLineIsCut() throws {
        #expect(try cut(Array("a\nbb\nccc".utf8)) == (3, Array("a\nbb\n".utf8)))
        #expect(try cut(Array("no newline at all".utf8)) == (17, []))
    }

    /// The cut line is longer than one read backwards (64 KiB).
    @Test func aLongUnterminatedLineIsCutWhole() throws {
        let long = [UInt8](repeating: 0x61, count: 200_000)
        let result = try cut(Array("first\n".utf8) + long)
        #expect(result.cut == 200_000)
        #expect(result.left == Array("first\n".utf8))
    }

    @Test func appendsGoToTheEnd() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("lines")
        var (fd, _) = try LineFile.openForAppending(path)
        try FileIO.writeAll(fd, Array("one\ntw".utf8), path: path)
        close(fd)
        (fd, _) = try LineFile.openForAppending(path)
        try FileIO.writeAll(fd, Array("two\n".utf8), path: path)
        close(fd)
        #expect(try FileIO.readAll(path) == Array("one\ntwo\n".utf8))
    }
}
