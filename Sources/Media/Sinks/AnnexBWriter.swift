/// Writes H264 access units as an Annex-B elementary stream (ITU-T H.264 Annex
/// B): the units' bytes back to back, start codes included, exactly as the
/// encoder or depacketizer produced them. `ffplay file.h264` and
/// `ffmpeg -f h264 -i -` read it; it carries no timestamps.
///
/// Every unit is checked (non-empty, starts with a start code) before any byte
/// is written, so a bad unit never corrupts the stream written so far.
public final class AnnexBWriter {
    private let output: SinkOutputFile
    public private(set) var accessUnitsWritten = 0

    /// - Throws: `SinkOutputError` if the destination cannot be opened.
    public init(destination: SinkDestination) throws {
        output = try SinkOutputFile(destination)
    }

    /// Writes one access unit.
    /// - Throws: `AnnexBFormatError` for bytes that are not Annex-B,
    ///   `SinkOutputError.readerGone` when a pipe's reader left.
    public func write(_ frame: EncodedVideoFrame) throws {
        _ = try AnnexBNALUnits(validating: frame.annexB)
        try output.write(frame.annexB)
        accessUnitsWritten += 1
    }

    public func close() throws { try output.close() }
}
