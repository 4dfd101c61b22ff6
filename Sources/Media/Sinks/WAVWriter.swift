/// Writes 48 kHz signed 16-bit PCM (mono or stereo) as a RIFF/WAVE file: the
/// canonical 44-byte header (`fmt ` chunk with format 1, PCM) then the samples,
/// little-endian and interleaved as `AudioFrame` holds them.
///
/// Sizes in the header:
/// - Seekable output (a regular file, or stdout redirected to one): the header is
///   written with zero sizes and patched on `close()` with the real RIFF and
///   `data` sizes. A recording over 4 GiB (about 6 h of stereo) gets
///   `0xFFFFFFFF`, which readers treat as "to the end of the file".
/// - Non-seekable output (pipe, FIFO, terminal): nothing can be patched, so the
///   header carries the maximal sizes `0xFFFFFFFF` ("streaming": read PCM until
///   end of input), which ffmpeg, sox and GStreamer accept, and raw PCM follows.
///   `close()` writes nothing more.
public final class WAVWriter {
    public let channelCount: Int
    private let output: SinkOutputFile
    public private(set) var sampleBytesWritten: UInt64 = 0
    private static let headerByteCount: UInt64 = 44
    private static let streamingSize = UInt32.max

    /// Opens the destination and writes the header.
    /// - Throws: `WAVWriterError.channelCountUnsupported` unless mono or stereo,
    ///   `SinkOutputError` for I/O.
    public init(destination: SinkDestination, channelCount: Int) throws {
        guard channelCount == 1 || channelCount == 2 else {
            throw WAVWriterError.channelCountUnsupported(channelCount)
        }
        self.channelCount = channelCount
        output = try SinkOutputFile(destination)
        let size = output.isSeekable ? 0 : Self.streamingSize
        try output.write(Self.header(channelCount: channelCount, riffSize: size, dataSize: size))
    }

    /// Appends one block of samples.
    /// - Throws: `WAVWriterError.channelCountChanged` if the block's layout differs
    ///   from the header's, `SinkOutputError.readerGone` when a pipe's reader left.
    public func write(_ frame: AudioFrame) throws {
        guard frame.channelCount == channelCount else {
            throw WAVWriterError.channelCountChanged(header: channelCount, frame: frame.channelCount)
        }
        #if _endian(big)
        let littleEndian = frame.samples.map { $0.littleEndian }
        try littleEndian.withUnsafeBytes { raw in try output.write(raw) }
        #else
        try frame.samples.withUnsafeBytes { raw in try output.write(raw) }
        #endif
        sampleBytesWritten += UInt64(frame.samples.count * 2)
    }

    /// Patches the sizes into the header when the output can seek, then closes it.
    public func close() throws {
        guard !output.isClosed else { return }
        if output.isSeekable {
            let dataSize = UInt32(clamping: sampleBytesWritten)
            let riffSize = UInt32(clamping: sampleBytesWritten + Self.headerByteCount - 8)
            try output.overwrite(Self.littleEndian(riffSize), at: 4)
            try output.overwrite(Self.littleEndian(dataSize), at: 40)
        }
        try output.close()
    }

    /// The 44-byte canonical header (RIFF `WAVE`, `fmt ` PCM, `data`).
    static func header(channelCount: Int, riffSize: UInt32, dataSize: UInt32) -> [UInt8] {
        let sampleRate = UInt32(AudioFrame.sampleRate)
        let blockAlign = UInt16(channelCount * 2)
        var header = Array("RIFF".utf8) + littleEndian(riffSize) + Array("WAVEfmt ".utf8)
        header += littleEndian(UInt32(16)) + littleEndian(UInt16(1)) + littleEndian(UInt16(channelCount))
        header += littleEndian(sampleRate) + littleEndian(sampleRate * UInt32(blockAlign))
        header += littleEndian(blockAlign) + littleEndian(UInt16(16))
        header += Array("data".utf8) + littleEndian(dataSize)
        return header
    }

    private static func littleEndian<Value: FixedWidthInteger>(_ value: Value) -> [UInt8] {
        (0..<Value.bitWidth / 8).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}

/// What a WAV stream's fixed header cannot express.
public enum WAVWriterError: Error, Sendable, Equatable {
    /// PeerCam audio is mono or stereo.
    case channelCountUnsupported(Int)
    /// The header fixed the channel count; a block with another count would
    /// scramble the interleaving.
    case channelCountChanged(header: Int, frame: Int)
}
