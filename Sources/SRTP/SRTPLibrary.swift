import CSRTP

/// libsrtp's process-wide crypto kernel, initialised once before the first session.
///
/// `srtp_init` is not idempotent in the libsrtp 2.5 Debian ships: a second call reports
/// `srtp_err_status_bad_param` although the kernel is ready. So the status of this one call
/// is not proof either way when something else in the process (a test, another library)
/// initialised libsrtp first; `srtp_create` is what tells whether the kernel works, and its
/// error is what a session reports.
enum SRTPLibrary {
    /// `srtp_init` result; a Swift global `let` runs its initialiser once, thread-safely.
    static let initializationStatus: UInt32 = srtp_init().rawValue

    /// Makes sure this module's one `srtp_init` call has happened.
    static func ensureInitialized() {
        _ = initializationStatus
    }
}
