import Foundation
import Testing
import WebPlayer

/// Finding the page must never crash the camera (SwiftPM's `Bundle.module` would): these cases
/// use real directories on disk.
@Suite("Locating the player page")
struct WebPlayerPageLocationTests {
    @Test("by default it comes from the built resource bundle beside the executable")
    func defaultIsTheBuiltBundle() throws {
        let page = try WebPlayerPage()
        #expect(page.location.deletingLastPathComponent().lastPathComponent == WebPlayerPage.bundleDirectoryName)
    }

    @Test("a missing bundle is a typed error naming every directory searched")
    func missingBundleThrows() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: WebPlayerPageError.resourceMissing(searched: [empty.path, "/nonexistent"])) {
            try WebPlayerPage(searching: [empty, URL(fileURLWithPath: "/nonexistent")])
        }
    }

    @Test("an installed copy in another directory is found; non-UTF-8 is refused", arguments: [
        ([UInt8]("<!doctype html><title>installed</title>".utf8), true),
        ([0x3C, 0xFF, 0xFE, 0x3E], false),
    ])
    func installedCopy(bytes: [UInt8], valid: Bool) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("player.html")
        try Data(bytes).write(to: file)
        if valid {
            let page = try WebPlayerPage(searching: [URL(fileURLWithPath: "/nonexistent"), directory])
            #expect(page.bytes == bytes)
            #expect(page.location.path == file.path)
        } else {
            #expect(throws: WebPlayerPageError.notUTF8(path: file.path)) {
                try WebPlayerPage(searching: [directory])
            }
        }
    }
}
