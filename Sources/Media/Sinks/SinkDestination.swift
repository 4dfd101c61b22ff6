/// Where a sink writes: a regular file, a FIFO, standard output or a descriptor
/// the caller already opened (one end of a pipe to a child process).
///
/// Whether the destination can seek decides how writers finish: a WAV or
/// Matroska file gets its sizes and duration patched on close, a pipe gets
/// streaming headers that never need patching (see each writer).
public enum SinkDestination: Sendable {
    /// A path: created or truncated if it is a regular file (mode 0644). If the
    /// path already names a FIFO it is opened like `.fifo(path:readerWait:)` with
    /// the default wait.
    case file(path: String)
    /// A FIFO made beforehand (`mkfifo`). Opening waits at most `readerWait` for
    /// a reader, then fails with `SinkOutputError.noReader`: a viewer started
    /// before its `ffplay` must not hang forever.
    case fifo(path: String, readerWait: MediaDuration)
    /// The process's standard output (`viewer-agent watch … | ffplay -`). Not
    /// closed when the sink finishes.
    case standardOutput
    /// A descriptor the caller owns; the sink never closes it.
    case fileDescriptor(Int32)

    /// How long `.file` waits for a reader when its path turns out to be a FIFO.
    public static let defaultReaderWait = MediaDuration.seconds(10)
}
