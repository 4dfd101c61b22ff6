import CSRTP

/// libsrtp's process-wide state, initialised exactly once.
enum SRTPLibrary {
    /// `srtp_init` result; a Swift global `let` runs its initialiser once, thread-safely.
    static let initializationStatus: UInt32 = srtp_init().rawValue

    static var isReady: Bool { initializationStatus == srtp_err_status_ok.rawValue }
}
