/// Capture and encode size, written `WIDTHxHEIGHT` (`1280x720`).
public struct VideoSize: Equatable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    /// Sides the pipeline accepts: I420 needs even sides, and H264 level
    /// limits make anything beyond 4096 pointless on a camera board.
    public static let sideRange = 16...4096

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public init(parsing text: String) throws(ConfigurationValueProblem) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let width = Int(parts[0]), let height = Int(parts[1]),
              Self.sideRange.contains(width), Self.sideRange.contains(height),
              width % 2 == 0, height % 2 == 0 else {
            throw .notVideoSize
        }
        self.init(width: width, height: height)
    }

    public var description: String { "\(width)x\(height)" }
}
