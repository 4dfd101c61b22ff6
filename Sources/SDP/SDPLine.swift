/// One `<type>=<value>` line that the model keeps as text: `i=`, `u=`, `c=`, `b=`, `t=`, `r=`,
/// `z=`, `k=` and any other type, so lines we do not interpret survive a round trip in their
/// original order (RFC 8866 §5).
public struct SDPLine: Equatable, Hashable, Sendable {
    public var type: Character
    public var value: String

    public init(type: Character, value: String) {
        self.type = type
        self.value = value
    }

    /// `c=IN IP4 0.0.0.0`: the connection line WebRTC peers write when addresses travel in
    /// candidates (RFC 8829 §5.2.1).
    public static let unspecifiedConnection = SDPLine(type: "c", value: "IN IP4 0.0.0.0")

    var text: String { "\(type)=\(value)" }
}
