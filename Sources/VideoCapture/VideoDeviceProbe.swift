#if canImport(Glibc)
import Glibc
#endif

/// Finds the V4L2 capture devices on this machine.
public enum VideoDeviceProbe {
    /// Every `/dev/video*` node that streams video capture, in numeric order, described.
    ///
    /// Nodes that are not capture devices (metadata nodes of UVC cameras, codecs,
    /// outputs) are left out; nodes that fail for another reason (busy, no permission)
    /// are reported in `skipped` rather than dropped silently.
    public static func run(directory: String = "/dev") -> (devices: [VideoDeviceDescription], skipped: [VideoCaptureError]) {
        var devices: [VideoDeviceDescription] = []
        var skipped: [VideoCaptureError] = []
        for path in nodePaths(directory: directory) {
            do {
                let device = try V4L2Device(path: path)
                devices.append(try device.describe())
            } catch {
                switch error {
                case .notACaptureDevice, .notAVideoDevice: continue
                default: skipped.append(error)
                }
            }
        }
        return (devices, skipped)
    }

    /// `video<N>` entries of `directory`, ordered by N.
    static func nodePaths(directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var numbered: [(Int, String)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasPrefix("video"), let number = Int(name.dropFirst(5)) else { continue }
            numbered.append((number, directory + "/" + name))
        }
        return numbered.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
