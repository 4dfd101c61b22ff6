#if canImport(Glibc)
import Glibc
#endif

/// The one place sinks touch POSIX I/O: opens a `SinkDestination`, writes whole
/// buffers with write(2) (retrying `EINTR` and short writes), patches headers
/// with pwrite(2) when the output can seek, and turns `errno` into
/// `SinkOutputError` naming the call.
///
/// - Important: Opening any destination sets `SIGPIPE` to ignored for the whole
///   process (once), as swift-nio does: a reader that goes away must surface as
///   `SinkOutputError.readerGone` from `write`, not kill the viewer.
final class SinkOutputFile {
    let descriptor: Int32
    /// True for regular files (lseek works); false for pipes, FIFOs and terminals.
    let isSeekable: Bool
    /// Bytes written since opening; header offsets are relative to where the
    /// descriptor stood when opened (stdout may already be part-way into a file).
    private(set) var bytesWritten: UInt64 = 0
    private let startOffset: Int
    private let ownsDescriptor: Bool
    private(set) var isClosed = false

    private static let brokenPipeSignalIgnored: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    init(_ destination: SinkDestination) throws(SinkOutputError) {
        Self.brokenPipeSignalIgnored
        switch destination {
        case .file(let path):
            if try Self.isFIFO(path) {
                descriptor = try Self.openFIFO(path, readerWait: SinkDestination.defaultReaderWait)
            } else {
                descriptor = try Self.retryingEINTR(.open) { open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
            }
            ownsDescriptor = true
        case .fifo(let path, let readerWait):
            descriptor = try Self.openFIFO(path, readerWait: readerWait)
            ownsDescriptor = true
        case .standardOutput:
            descriptor = STDOUT_FILENO
            ownsDescriptor = false
        case .fileDescriptor(let existing):
            descriptor = existing
            ownsDescriptor = false
        }
        let offset = lseek(descriptor, 0, SEEK_CUR)
        isSeekable = offset >= 0
        startOffset = isSeekable ? Int(offset) : 0
    }

    deinit {
        if ownsDescriptor && !isClosed { _ = Glibc.close(descriptor) }
    }

    /// Writes all of `buffer` at the end of what was written so far.
    func write(_ buffer: UnsafeRawBufferPointer) throws(SinkOutputError) {
        guard !isClosed else { throw .alreadyFinished }
        var done = 0
        while done < buffer.count {
            let remaining = UnsafeRawBufferPointer(rebasing: buffer[done...])
            let result = Glibc.write(descriptor, remaining.baseAddress, remaining.count)
            if result >= 0 {
                done += result
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN: try waitUntilWritable()
            case EPIPE: throw .readerGone
            case let code: throw .systemCall(.write, errno: code)
            }
        }
        bytesWritten += UInt64(done)
    }

    func write(_ bytes: [UInt8]) throws(SinkOutputError) {
        // withUnsafeBytes rethrows untyped errors, so carry the typed one out by hand.
        let failure: SinkOutputError? = bytes.withUnsafeBytes { raw in
            do throws(SinkOutputError) { try write(raw) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Overwrites bytes at `offset` (relative to where the output started) without
    /// moving the write position; only for seekable outputs.
    func overwrite(_ bytes: [UInt8], at offset: UInt64) throws(SinkOutputError) {
        guard !isClosed else { throw .alreadyFinished }
        precondition(isSeekable, "overwrite needs a seekable output")
        var done = 0
        while done < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                pwrite(descriptor, raw.baseAddress! + done, raw.count - done, off_t(startOffset) + off_t(offset) + off_t(done))
            }
            if result >= 0 {
                done += result
            } else if errno != EINTR {
                throw .systemCall(.write, errno: errno)
            }
        }
    }

    /// Closes the descriptor if the sink opened it. Not retried on `EINTR`: on
    /// Linux the descriptor is released even then, and a retry could close a
    /// descriptor another thread just opened.
    func close() throws(SinkOutputError) {
        guard !isClosed else { return }
        isClosed = true
        if ownsDescriptor && Glibc.close(descriptor) != 0 && errno != EINTR {
            throw .systemCall(.close, errno: errno)
        }
    }

    /// A descriptor someone else made non-blocking (a shared stdout) can refuse a
    /// write; wait for room rather than spin.
    private func waitUntilWritable() throws(SinkOutputError) {
        var request = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        _ = try Self.retryingEINTR(.poll) { poll(&request, 1, -1) }
    }

    private static func isFIFO(_ path: String) throws(SinkOutputError) -> Bool {
        var info = stat()
        if stat(path, &info) != 0 {
            if errno == ENOENT { return false }
            throw .systemCall(.stat, errno: errno)
        }
        return info.st_mode & S_IFMT == S_IFIFO
    }

    /// Opens a FIFO for writing without blocking: a non-blocking open fails with
    /// `ENXIO` while no reader has it open, so it is retried every 20 ms until
    /// `readerWait` has passed. The descriptor is then switched back to blocking
    /// writes so a slow reader paces the writer instead of failing it.
    private static func openFIFO(_ path: String, readerWait: MediaDuration) throws(SinkOutputError) -> Int32 {
        let deadline = MediaTime.now() + readerWait
        while true {
            let descriptor = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            if descriptor >= 0 {
                let flags = fcntl(descriptor, F_GETFL)
                if flags < 0 || fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) < 0 {
                    let code = errno
                    _ = Glibc.close(descriptor)
                    throw .systemCall(.fcntl, errno: code)
                }
                return descriptor
            }
            switch errno {
            case EINTR: continue
            case ENXIO:
                guard MediaTime.now() < deadline else {
                    throw .noReader(path: path, waitedMilliseconds: readerWait.nanoseconds / 1_000_000)
                }
                usleep(20_000)
            case let code: throw .systemCall(.open, errno: code)
            }
        }
    }

    private static func retryingEINTR(_ call: SinkSystemCall, _ body: () -> Int32) throws(SinkOutputError) -> Int32 {
        while true {
            let result = body()
            if result >= 0 { return result }
            if errno != EINTR { throw .systemCall(call, errno: errno) }
        }
    }
}
