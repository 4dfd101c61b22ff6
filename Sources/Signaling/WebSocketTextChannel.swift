import NIOCore
import NIOWebSocket
import Synchronization

/// One WebSocket connection (RFC 6455) that carries text messages, used by both the
/// server and the client side of signaling.
///
/// It reassembles fragmented text messages (§5.4), answers pings (§5.5.2), echoes a
/// close (§5.5.1), refuses binary data with 1003 as `docs/protocol.md` §2.3 says, and
/// bounds message size. Every outgoing frame goes through one writer task fed by an
/// `AsyncStream`, so replies, pushed messages and control frames never interleave
/// inside the channel. On the server it also sends keep-alive pings and drops a peer
/// that has been silent too long.
final class WebSocketTextChannel: Sendable {
    /// Keep-alive timing: ping every `interval`, give up after `timeout` of silence.
    struct KeepAlive: Sendable {
        var interval: Duration
        var timeout: Duration
    }

    private enum Outbound: Sendable {
        case text(String)
        case binary([UInt8])
        case ping
        case pong(ByteBuffer)
        case close(WebSocketErrorCode, reason: String)
        /// Drop the connection without a close frame (the peer is gone).
        case abort
    }

    /// Largest reassembled message accepted before the connection is closed with 1009.
    /// Messages between the protocol limit and this are still read and answered with
    /// `message-too-large`; only absurd sizes cost the connection.
    let maximumMessageSize: Int
    private let isClient: Bool
    private let keepAlive: KeepAlive?
    private let outbound: AsyncStream<Outbound>
    private let outboundContinuation: AsyncStream<Outbound>.Continuation
    private let lastHeard = Mutex(ContinuousClock.now)
    private let closeCode = Mutex<WebSocketErrorCode?>(nil)

    init(isClient: Bool, maximumMessageSize: Int, keepAlive: KeepAlive?) {
        self.isClient = isClient
        self.maximumMessageSize = maximumMessageSize
        self.keepAlive = keepAlive
        (outbound, outboundContinuation) = AsyncStream.makeStream(of: Outbound.self)
    }

    /// Queues a text message.
    func send(_ text: String) { outboundContinuation.yield(.text(text)) }

    /// Queues a binary frame. The protocol has none; tests use this to check that the
    /// peer refuses them.
    func sendBinary(_ bytes: [UInt8]) { outboundContinuation.yield(.binary(bytes)) }

    /// Queues a close frame; the connection ends once it is written.
    func close(_ code: WebSocketErrorCode, reason: String) {
        outboundContinuation.yield(.close(code, reason: reason))
    }

    /// The close code received from the peer or sent by this side, once closed.
    var recordedCloseCode: WebSocketErrorCode? { closeCode.withLock { $0 } }

    /// Runs the connection until either side closes it, handing every complete text
    /// message to `receive`, one at a time and in order.
    ///
    /// If the calling task is cancelled (the server stops), the connection is closed
    /// with 1001 rather than dropped: the writer runs in its own task so that the
    /// close frame, and anything queued before it, is still written.
    func run(_ channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>,
             receive: (String) async -> Void) async {
        do {
            try await channel.executeThenClose { inbound, writer in
                // One task per connection (not per message): it must outlive cancellation.
                let writing = Task { try await self.writeLoop(writer, channel: channel.channel) }
                await withTaskCancellationHandler {
                    await withTaskGroup(of: Void.self) { keepAliveGroup in
                        if let keepAlive {
                            keepAliveGroup.addTask { try? await self.keepAliveLoop(keepAlive) }
                        }
                        try? await self.readLoop(inbound, receive: receive)
                        keepAliveGroup.cancelAll()
                    }
                } onCancel: {
                    self.close(.goingAway, reason: "shutting down")
                }
                // Let the writer drain what is queued (a close frame, say), then stop.
                outboundContinuation.finish()
                _ = await writing.result
            }
        } catch {
            // The channel was already closed by the writer or the peer: nothing to do.
        }
        outboundContinuation.finish()
    }

    private func readLoop(_ inbound: NIOAsyncChannelInboundStream<WebSocketFrame>,
                          receive: (String) async -> Void) async throws {
        var pending: ByteBuffer?
        for try await frame in inbound {
            lastHeard.withLock { $0 = .now }
            switch frame.opcode {
            case .text where pending == nil:
                if frame.fin {
                    await receive(String(buffer: frame.unmaskedData))
                } else {
                    pending = frame.unmaskedData
                }
            case .continuation where pending != nil:
                var data = frame.unmaskedData
                pending?.writeBuffer(&data)
                if let count = pending?.readableBytes, count > maximumMessageSize {
                    return fail(.messageTooLarge, "message exceeds \(maximumMessageSize) bytes")
                }
                if frame.fin, let message = pending {
                    pending = nil
                    await receive(String(buffer: message))
                }
            case .text, .continuation:
                return fail(.protocolError, "fragment out of order")
            case .binary:
                return fail(.unacceptableData, "binary frames are not part of the protocol")
            case .ping:
                outboundContinuation.yield(.pong(frame.unmaskedData))
            case .pong:
                break
            case .connectionClose:
                var data = frame.unmaskedData
                let code = data.readWebSocketErrorCode() ?? .normalClosure
                closeCode.withLock { $0 = $0 ?? code }
                outboundContinuation.yield(.close(code, reason: ""))
                return
            default:
                return fail(.protocolError, "unknown opcode")
            }
        }
    }

    private func fail(_ code: WebSocketErrorCode, _ reason: String) {
        outboundContinuation.yield(.close(code, reason: reason))
    }

    private func writeLoop(_ writer: NIOAsyncChannelOutboundWriter<WebSocketFrame>, channel: any Channel) async throws {
        defer { channel.close(promise: nil) }
        for await item in outbound {
            switch item {
            case .text(let text):
                try await writer.write(frame(.text, ByteBuffer(string: text)))
            case .binary(let bytes):
                try await writer.write(frame(.binary, ByteBuffer(bytes: bytes)))
            case .ping:
                try await writer.write(frame(.ping, ByteBuffer()))
            case .pong(let data):
                try await writer.write(frame(.pong, data))
            case .close(let code, let reason):
                closeCode.withLock { $0 = $0 ?? code }
                var data = ByteBuffer()
                data.write(webSocketErrorCode: code)
                data.writeString(String(reason.utf8.prefix(120)) ?? "")
                try await writer.write(frame(.connectionClose, data))
                return
            case .abort:
                return
            }
        }
    }

    private func keepAliveLoop(_ keepAlive: KeepAlive) async throws {
        while true {
            try await Task.sleep(for: keepAlive.interval)
            let silence = lastHeard.withLock { $0.duration(to: .now) }
            if silence > keepAlive.timeout {
                outboundContinuation.yield(.abort)
                return
            }
            outboundContinuation.yield(.ping)
        }
    }

    private func frame(_ opcode: WebSocketOpcode, _ data: ByteBuffer) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: opcode, maskKey: isClient ? .random() : nil, data: data)
    }
}
