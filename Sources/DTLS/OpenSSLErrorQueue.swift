import COpenSSL

/// OpenSSL's per-thread error queue, read right after the call that failed.
///
/// The queue is per thread, so callers read it on the thread and under the lock of the call
/// it explains; anything left behind would be blamed on the next failure.
enum OpenSSLErrorQueue {
    /// Empties the queue and returns its reasons joined by "; " (or "unknown OpenSSL error").
    static func drain() -> String {
        var reasons: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while case let code = ERR_get_error(), code != 0 {
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? "unknown OpenSSL error" : reasons.joined(separator: "; ")
    }

    /// Empties the queue when the failure is already explained by the caller.
    static func discard() {
        ERR_clear_error()
    }
}
