import Logging
import NIOCore
import NIOWebSocket
import PeerCamCore
import Synchronization

/// An open signaling WebSocket on the viewer side.
///
/// `messages` yields every well-formed message from the camera, in order, and ends
/// when the connection closes (`closeCode` then says why: 1000 normal, 1001 camera
/// shutting down, 1008 token revoked). A malformed message from the camera is
/// answered with `error` (never an `error` for an `error`) and not yielded.
public final class SignalingClientConnection: Sendable {
    /// Messages from the camera, in order; finishes when the connection closes.
    public let messages: AsyncStream<SignalingMessage>
    private let channel: WebSocketTextChannel
    private let messageIDs = SignalingMessageIDCounter(prefix: "v-")
    private let finished = OneShotSignal<Void>()

    private init(channel: WebSocketTextChannel, messages: AsyncStream<SignalingMessage>) {
        self.channel = channel
        self.messages = messages
    }

    static func start(_ webSocket: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, maximumMessageSize: Int,
                      logger: Logger) -> SignalingClientConnection {
        let channel = WebSocketTextChannel(isClient: true, maximumMessageSize: maximumMessageSize, keepAlive: nil)
        let (messages, continuation) = AsyncStream.makeStream(of: SignalingMessage.self)
        let connection = SignalingClientConnection(channel: channel, messages: messages)
        // The connection lives as long as the socket, beyond this call: it needs its
        // own task. It ends when either side closes.
        Task {
            await channel.run(webSocket) { text in
                connection.receive(text, into: continuation, logger: logger)
            }
            continuation.finish()
            connection.finished.settle(())
        }
        return connection
    }

    /// A fresh message id (`v-1`, `v-2`, …) for a message this viewer sends.
    public func makeMessageID() -> SignalingMessageID { messageIDs.next() }

    /// Sends a message to the camera.
    public func send(_ message: SignalingMessage) {
        channel.send(message.encodedText())
    }

    /// Sends raw text (tests use it to check the server's handling of bad input).
    func sendRaw(_ text: String) { channel.send(text) }

    /// Sends a binary frame, which the protocol forbids (tests only).
    func sendBinary(_ bytes: [UInt8]) { channel.sendBinary(bytes) }

    /// Closes the connection normally (1000) and waits until it is closed.
    public func close() async {
        channel.close(.normalClosure, reason: "")
        await finished.wait()
    }

    /// Waits until the connection has closed, by either side.
    public func waitUntilClosed() async { await finished.wait() }

    /// The close code sent or received (1000, 1001, 1003, 1008, 1009…), once closed.
    public var closeCode: Int? {
        channel.recordedCloseCode.map { Int(UInt16(webSocketErrorCode: $0)) }
    }

    private func receive(_ text: String, into continuation: AsyncStream<SignalingMessage>.Continuation,
                         logger: Logger) {
        do {
            continuation.yield(try SignalingMessage(decoding: Array(text.utf8)))
        } catch {
            logger.warning("malformed message from camera", metadata: ["code": "\(error.code)"])
            let envelope = SignalingMessage.peekEnvelope(text)
            guard envelope.type != SignalingMessageType.error.rawValue else { return }
            var report = error.report
            report.re = envelope.id
            send(SignalingMessage(id: makeMessageID(), body: .error(nil, report)))
        }
    }
}
