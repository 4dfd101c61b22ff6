/// Typed views shared by the session level and media sections, which may both carry ICE,
/// DTLS and direction attributes (RFC 8839 §5, RFC 8122 §5, RFC 8866 §6.7).
///
/// - Important: values are read with the typed parsers; a description made by
///   `SDPSessionDescription(parsing:)` has had every known attribute validated, so nothing is
///   skipped there. Attributes added by hand should be built from the typed values
///   (`SDPCandidate.attribute`, …), which always read back.
public protocol SDPAttributeList {
    var attributes: [SDPAttribute] { get set }
}

extension SDPAttributeList {
    /// Values of every attribute with this name, in order.
    public func values(_ name: String) -> [String?] {
        attributes.filter { $0.name == name }.map(\.value)
    }

    /// The value of the first attribute with this name.
    public func value(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    public func hasAttribute(_ name: String) -> Bool {
        attributes.contains { $0.name == name }
    }

    func typed<Value>(_ name: String, _ parse: (String?) throws(SDPAttributeFormatError) -> Value) -> [Value] {
        attributes.compactMap { attribute in
            guard attribute.name == name else { return nil }
            do { return try parse(attribute.value) } catch { return nil }
        }
    }

    public var iceUfrag: String? { value("ice-ufrag")?.trimmingSpaces }
    public var icePwd: String? { value("ice-pwd")?.trimmingSpaces }
    /// RFC 8839 §5.6: `trickle`, `renomination`, `ice2`, …
    public var iceOptions: [String] {
        values("ice-options").flatMap { $0?.split(separator: " ").map(String.init) ?? [] }
    }
    public var isICELite: Bool { hasAttribute("ice-lite") }
    public var hasEndOfCandidates: Bool { hasAttribute("end-of-candidates") }
    public var candidates: [SDPCandidate] { typed("candidate", SDPCandidate.init(attributeValue:)) }
    public var fingerprints: [SDPFingerprint] { typed("fingerprint", SDPFingerprint.init(attributeValue:)) }
    public var setupRole: SDPSetupRole? {
        value("setup").flatMap { SDPSetupRole(rawValue: $0.trimmingSpaces.lowercased()) }
    }
    /// The direction attribute written here, nil when there is none (the default is `sendrecv`).
    public var explicitDirection: SDPDirection? {
        attributes.lazy.compactMap { $0.value == nil ? SDPDirection(rawValue: $0.name) : nil }.first
    }
    public var groups: [SDPGroup] { typed("group", SDPGroup.init(attributeValue:)) }
    public var extensionMaps: [SDPExtensionMap] { typed("extmap", SDPExtensionMap.init(attributeValue:)) }
}

extension SDPSessionDescription: SDPAttributeList {
    /// The first `a=group:BUNDLE`, RFC 8843 §7.
    public var bundleGroup: SDPGroup? { groups.first { $0.isBundle } }

    /// The media section with this `a=mid`.
    public func section(mid: String) -> SDPMediaDescription? {
        media.first { $0.mid == mid }
    }
}
