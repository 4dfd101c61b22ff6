/// Why a sink could not write its output.
///
/// Every failure of the operating system is reported with the call that failed
/// and its `errno`, so a log line says what went wrong without a debugger.
public enum SinkOutputError: Error, Sendable, Equatable {
    /// The process reading the pipe or FIFO closed it (`EPIPE`). The sink cannot
    /// continue; the viewer should stop this output and keep the others.
    case readerGone
    /// A FIFO had no reader within the wait the destination allowed (`ENXIO`
    /// from a non-blocking open, retried until the deadline).
    case noReader(path: String, waitedMilliseconds: UInt64)
    /// A system call failed with this `errno`.
    case systemCall(SinkSystemCall, errno: Int32)
    /// The sink was already finished (closed) when asked to write again.
    case alreadyFinished
}

/// The POSIX calls a sink makes, named so that `SinkOutputError` can say which one failed.
public enum SinkSystemCall: String, Sendable, Equatable {
    case open, write, lseek, close, fstat, fcntl, poll, stat, dup
}
