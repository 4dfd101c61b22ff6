/// Anything that can derive keying material from an established DTLS association
/// ([RFC 5705](https://www.rfc-editor.org/rfc/rfc5705)).
///
/// The one method SRTP needs from DTLS, so this module never imports it; the composition
/// layer declares `extension DTLSTransport: SRTPKeyingMaterialExporter {}`.
public protocol SRTPKeyingMaterialExporter {
    func exportKeyingMaterial(label: String, length: Int) throws -> [UInt8]
}
