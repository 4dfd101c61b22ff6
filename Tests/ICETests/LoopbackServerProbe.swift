import Glibc

/// A UDP or TCP listener on 127.0.0.1 that records the first bytes a client sends: a stand-in
/// STUN/TURN server that shows whether (and how) an agent contacts a configured server.
final class LoopbackServerProbe: @unchecked Sendable {
    enum Transport { case udp, tcp }

    let transport: Transport
    let port: UInt16
    private let descriptor: Int32

    init(_ transport: Transport) throws {
        self.transport = transport
        let type = transport == .udp ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_STREAM.rawValue)
        let descriptor = socket(AF_INET, type, 0)
        guard descriptor >= 0 else { throw ProbeError.socket(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound, transport == .udp || listen(descriptor, 4) == 0 else {
            close(descriptor)
            throw ProbeError.socket(errno)
        }
        self.descriptor = descriptor
        self.port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(descriptor) }

    /// The first message a client sends within `milliseconds` (empty when none came). Blocks.
    func firstBytes(within milliseconds: Int32) -> [UInt8] {
        guard Self.readable(descriptor, milliseconds) else { return [] }
        var connection = descriptor
        if transport == .tcp {
            connection = accept(descriptor, nil, nil)
            guard connection >= 0, Self.readable(connection, milliseconds) else { return [] }
        }
        defer { if connection != descriptor { close(connection) } }
        var buffer = [UInt8](repeating: 0, count: 2048)
        let count = recv(connection, &buffer, buffer.count, 0)
        return Array(buffer.prefix(max(0, count)))
    }

    private static func readable(_ descriptor: Int32, _ milliseconds: Int32) -> Bool {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, milliseconds) == 1
    }

    enum ProbeError: Error { case socket(Int32) }
}

/// The STUN message type of `bytes` if they start with a STUN header: top two bits zero and a
/// 20-byte header (RFC 8489 §5). The magic cookie is not required: libnice sends server
/// discovery Binding requests in RFC 3489 form, which RFC 8489 §12 servers still answer.
func stunMessageType(_ bytes: [UInt8]) -> UInt16? {
    guard bytes.count >= 20, bytes[0] & 0xC0 == 0 else { return nil }
    let length = Int(bytes[2]) << 8 | Int(bytes[3])
    guard length % 4 == 0, length <= bytes.count - 20 else { return nil }
    return UInt16(bytes[0]) << 8 | UInt16(bytes[1])
}
