import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// File-system access control for the admin socket: whoever can connect to it can
/// issue pairing codes and revoke devices, so only the service user (or root) may.
///
/// The directory is created with mode 0700 when missing and refused when group or
/// others may write to it (they could swap the socket); the socket is set to 0600
/// as soon as it is bound. The directory's mode is what makes the moment between
/// bind and chmod harmless.
enum AdminSocketPermissions {
    static func prepare(socketPath: String) throws(AdminSocketError) {
        let directory = (socketPath as NSString).deletingLastPathComponent
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .notADirectory(directory) }
            var info = stat()
            guard stat(directory, &info) == 0 else { throw .cannotInspect(directory, errno: errno) }
            guard info.st_mode & 0o022 == 0 else { throw .directoryWritableByOthers(directory) }
        } else {
            do {
                try files.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                          attributes: [.posixPermissions: 0o700])
            } catch { throw .cannotCreateDirectory(directory) }
        }
        // A socket left by a previous run (crash, SIGKILL) would make bind fail.
        var info = stat()
        if lstat(socketPath, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFSOCK else { throw .pathTakenByNonSocket(socketPath) }
            unlink(socketPath)
        }
    }

    /// Sets the bound socket to 0600; false if that failed (the caller must not
    /// report the socket as ready then).
    static func restrict(socketPath: String) -> Bool {
        chmod(socketPath, 0o600) == 0
    }
}

/// Why the admin socket cannot be set up safely.
public enum AdminSocketError: Error, Sendable, Equatable {
    case notADirectory(String)
    case cannotInspect(String, errno: Int32)
    /// Group or others may write to the directory: they could replace the socket.
    case directoryWritableByOthers(String)
    case cannotCreateDirectory(String)
    /// Something that is not a socket sits at the socket's path; it is not deleted.
    case pathTakenByNonSocket(String)
}
