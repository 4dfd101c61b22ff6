import Foundation
import PeerCamCore

extension SignalingMessage {
    /// Best-effort look at a message that failed strict decoding: its `id` (to set
    /// `re`) and `type` (never answer an `error`), when they can be read at all.
    static func peekEnvelope(_ text: String) -> (id: SignalingMessageID?, type: String?) {
        guard text.utf8.count <= SignalingMessage.maximumSize,
              let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else { return (nil, nil) }
        let id = (object["id"] as? String).flatMap { try? SignalingMessageID(parsing: $0) }
        return (id, object["type"] as? String)
    }
}
