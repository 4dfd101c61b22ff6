/// The `o=` line, RFC 8866 §5.2: who made the description and which version of it this is.
///
/// Fields stay text: session ids from browsers are up to 19 digits and Firefox puts
/// `mozilla...THIS_IS_SDPARTA-…` in the username; nothing here needs arithmetic on them.
public struct SDPOrigin: Equatable, Hashable, Sendable {
    public var username: String
    public var sessionID: String
    public var sessionVersion: String
    public var networkType: String
    public var addressType: String
    public var address: String

    public init(username: String = "-", sessionID: String, sessionVersion: String,
                networkType: String = "IN", addressType: String = "IP4", address: String = "127.0.0.1") {
        self.username = username
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }

    /// Parses the value of an `o=` line; nil when it does not have the six fields.
    init?(value: Substring) {
        let fields = value.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count == 6 else { return nil }
        self.init(username: String(fields[0]), sessionID: String(fields[1]),
                  sessionVersion: String(fields[2]), networkType: String(fields[3]),
                  addressType: String(fields[4]), address: String(fields[5]))
    }

    var value: String {
        "\(username) \(sessionID) \(sessionVersion) \(networkType) \(addressType) \(address)"
    }
}
