/// Writes big-endian (network order) fields into a caller-provided buffer.
///
/// Callers compute the marshaled size first and check it against the buffer once, so the
/// writes themselves need no per-field checks; `precondition` guards against a size
/// computation that disagrees with what is written (a bug in this package, not bad input).
package struct NetworkByteWriter {
    package let buffer: UnsafeMutableRawBufferPointer
    package private(set) var offset: Int

    package init(_ buffer: UnsafeMutableRawBufferPointer, offset: Int = 0) {
        self.buffer = buffer
        self.offset = offset
    }

    package mutating func write(_ value: UInt8) {
        precondition(offset < buffer.count, "marshaled size disagrees with bytes written")
        buffer[offset] = value
        offset += 1
    }

    package mutating func write(_ value: UInt16) {
        write(UInt8(truncatingIfNeeded: value >> 8))
        write(UInt8(truncatingIfNeeded: value))
    }

    package mutating func writeUInt24(_ value: UInt32) {
        write(UInt8(truncatingIfNeeded: value >> 16))
        write(UInt8(truncatingIfNeeded: value >> 8))
        write(UInt8(truncatingIfNeeded: value))
    }

    package mutating func write(_ value: UInt32) {
        write(UInt16(truncatingIfNeeded: value >> 16))
        write(UInt16(truncatingIfNeeded: value))
    }

    package mutating func write(_ bytes: some Collection<UInt8>) {
        precondition(offset + bytes.count <= buffer.count, "marshaled size disagrees with bytes written")
        for byte in bytes {
            buffer[offset] = byte
            offset += 1
        }
    }

    package mutating func write(_ bytes: UnsafeRawBufferPointer) {
        precondition(offset + bytes.count <= buffer.count, "marshaled size disagrees with bytes written")
        if let source = bytes.baseAddress, let destination = buffer.baseAddress, bytes.count > 0 {
            destination.advanced(by: offset).copyMemory(from: source, byteCount: bytes.count)
        }
        offset += bytes.count
    }

    package mutating func writeZeros(_ count: Int) {
        for _ in 0..<max(0, count) { write(UInt8(0)) }
    }
}

extension Array where Element == UInt8 {
    /// Grows the array by `count` bytes and lets `body` fill them through a writer, so a
    /// caller that keeps one array (`removeAll(keepingCapacity: true)`) marshals without
    /// allocating once its capacity has settled.
    package mutating func appendMarshaled(count: Int, _ body: (inout NetworkByteWriter) -> Void) {
        let start = self.count
        append(contentsOf: repeatElement(0, count: count))
        withUnsafeMutableBytes { whole in
            var writer = NetworkByteWriter(UnsafeMutableRawBufferPointer(rebasing: whole[start..<start + count]))
            body(&writer)
            precondition(writer.offset == count, "marshaled size disagrees with bytes written")
        }
    }
}
