import DTLS
import Foundation
import Testing

/// DTLS against `openssl s_server` presenting an RSA certificate, as GStreamer's webrtcbin
/// does: our client must offer ECDHE-RSA suites as well as ECDHE-ECDSA ones.
///
/// Lives beside the SRTP tests for their loopback UDP socket. Needs the `openssl` command
/// (Debian package `openssl`); skipped without it.
@Suite("DTLS interop with an RSA-certificate server (openssl s_server)",
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs /usr/bin/openssl"))
struct RSAServerDTLSInteropTests {
    @Test("Our DTLS client completes a handshake with an RSA server, pins its fingerprint, agrees use_srtp")
    func handshakeWithRSAServer() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("peercam-rsa-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("key.pem").path, cert = directory.appendingPathComponent("cert.pem").path
        _ = try Self.run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                          "-days", "2", "-subj", "/CN=webrtcbin"])
        let printed = try Self.run(["x509", "-in", cert, "-noout", "-fingerprint", "-sha256"])
        let hex = try #require(printed.split(separator: "=").last).trimmingCharacters(in: .whitespacesAndNewlines)
        let serverFingerprint = try DTLSFingerprint(sdpValue: "sha-256 " + hex)

        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        server.arguments = ["s_server", "-dtls1_2", "-accept", "127.0.0.1:0", "-cert", cert, "-key", key,
                            "-use_srtp", "SRTP_AES128_CM_SHA1_80", "-verify", "1", "-naccept", "1"]
        let input = Pipe(), output = Pipe()
        server.standardInput = input  // s_server quits on end of input: keep it open
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        let port = try Self.acceptPort(from: output.fileHandleForReading)

        let socket = try LoopbackUDPSocket()
        let certificate = try DTLSCertificate.generate()
        let client = try DTLSTransport(role: .client, certificate: certificate, remoteFingerprint: serverFingerprint) {
            socket.send($0, toPort: port)
        }
        try client.start()
        let deadline = Date().addingTimeInterval(10)
        while client.state == .handshaking, Date() < deadline {
            if let datagram = socket.receive(timeoutMilliseconds: 100) { try client.receive(datagram) } else { try client.handleTimeout() }
        }
        #expect(client.state == .connected)
        #expect(client.srtpProfile == .aes128CMHMACSHA1_80)
        #expect(try client.exportKeyingMaterial(length: 60).count == 60)
        client.close()
    }

    /// Runs `openssl` with arguments and returns its standard output.
    static func run(_ arguments: [String]) throws -> String {
        let process = Process(), output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    struct NoAcceptLine: Error { let output: String }

    /// Reads s_server's output up to its `ACCEPT 127.0.0.1:PORT` line.
    static func acceptPort(from handle: FileHandle) throws -> UInt16 {
        var text = ""
        while true {
            let chunk = handle.availableData
            guard !chunk.isEmpty else { throw NoAcceptLine(output: text) }
            text += String(decoding: chunk, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ACCEPT ") }),
               let port = line.split(separator: ":").last.flatMap({ UInt16($0) }) {
                return port
            }
        }
    }
}
