import Foundation
import Testing
@testable import PeerCamCore

/// docs/protocol.md is the contract other implementations are written from: these
/// tests fail when the code gains a code, reason or message type the document lacks
/// (or the reverse).
@Suite("docs/protocol.md matches the code")
struct ProtocolDocumentTests {
    static let document: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/protocol.md"), encoding: .utf8)) ?? ""
    }()

    /// The first-column code of every table row of `section` (`| \`code\` | … |`).
    static func tableCodes(in section: String) -> [String] {
        guard let start = document.range(of: section) else { return [] }
        let rest = document[start.upperBound...]
        let body = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        return body.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            let cell = line.dropFirst(3)
            return cell.firstIndex(of: "`").map { String(cell[..<$0]) }
        }
    }

    @Test func documentIsFound() {
        #expect(Self.document.contains("# PeerCam signaling protocol, version \(SignalingMessage.version)"))
    }

    @Test func errorCodeTableListsExactlyTheKnownCodes() {
        let documented = Self.tableCodes(in: "## 7. Decoding rules and error codes")
        #expect(documented == SignalingErrorCode.allKnown.map(\.rawValue))
    }

    @Test func endReasonTableListsExactlyTheReasons() {
        let documented = Self.tableCodes(in: "### 6.3 End reasons")
        #expect(documented == SessionEndReason.allCodes)
    }

    @Test(arguments: SignalingMessageType.allCases)
    func everyMessageTypeHasASectionAndASenderRow(type: SignalingMessageType) {
        #expect(Self.document.contains("### 5.") && Self.document.contains("`\(type.rawValue)` —"))
        let row = Self.document.split(separator: "\n").first { $0.hasPrefix("| `\(type.rawValue)`") }
        let marks = row.map { $0.split(separator: "|").dropFirst().map { $0.contains("✓") } } ?? []
        let documented = Set(zip([SignalingParty.viewer, .camera, .server], marks).filter(\.1).map(\.0))
        #expect(documented == type.senders)
    }

    @Test func pairingFailuresAreDocumented() {
        let errors: [PairingRedemptionError] = [.malformedCode(.wrongLength(0)), .unknownCode, .expired, .alreadyUsed, .lockedOut]
        for error in errors {
            #expect(Self.document.contains("| \(error.httpStatus)    | `\(error.code)`"), "missing row for \(error.code)")
        }
    }
}
