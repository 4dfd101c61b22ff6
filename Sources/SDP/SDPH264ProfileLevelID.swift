/// H264 `profile-level-id`: profile_idc, profile-iop (constraint flags) and level_idc as
/// three hex bytes, [RFC 6184 §8.1](https://www.rfc-editor.org/rfc/rfc6184#section-8.1).
///
/// PeerCam encodes Constrained Baseline (OpenH264). The profile a remote decoder announces
/// decides whether it can take that stream: Constrained Baseline is a subset of Baseline, Main
/// and High (H.264 Annex A.2), so those profiles' decoders all decode it.
public struct SDPH264ProfileLevelID: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var profileIDC: UInt8
    public var profileIOP: UInt8
    public var levelIDC: UInt8

    public init(profileIDC: UInt8, profileIOP: UInt8, levelIDC: UInt8) {
        self.profileIDC = profileIDC
        self.profileIOP = profileIOP
        self.levelIDC = levelIDC
    }

    /// Parses six hex digits (`42e01f`); nil for anything else.
    public init?(_ text: String) {
        guard text.count == 6, text.allSatisfy(\.isHexDigit), let value = UInt32(text, radix: 16) else { return nil }
        self.init(profileIDC: UInt8(value >> 16), profileIOP: UInt8((value >> 8) & 0xFF), levelIDC: UInt8(value & 0xFF))
    }

    /// `42e01f`: Constrained Baseline, level 3.1 — what browsers offer first and we send.
    public static let constrainedBaseline31 = SDPH264ProfileLevelID(profileIDC: 0x42, profileIOP: 0xE0, levelIDC: 0x1F)

    /// Profiles as RFC 6184 §8.1 Table 5 tells them apart by profile_idc and constraint flags.
    public enum Profile: Int, Comparable, Sendable {
        case constrainedBaseline, baseline, main, high, other
        public static func < (lhs: Profile, rhs: Profile) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var profile: Profile {
        let set0: UInt8 = 0x80, set1: UInt8 = 0x40
        switch profileIDC {
        case 0x42: return profileIOP & set1 != 0 ? .constrainedBaseline : .baseline
        case 0x4D: return profileIOP & set0 != 0 ? .constrainedBaseline : .main
        case 0x58: return profileIOP & (set0 | set1) == (set0 | set1) ? .constrainedBaseline : .other
        case 0x64: return .high
        default: return .other
        }
    }

    /// Whether a decoder of this profile decodes our Constrained Baseline stream.
    ///
    /// Policy: Constrained Baseline and Baseline (`42e01f`, `42c01f`, `42001f`) are exact fits;
    /// Main (`4d001f`) and High (`64001f`) are accepted as fallbacks, ranked after them, because
    /// their decoders must decode Constrained Baseline. Extended, High 10/4:2:2/4:4:4 and unknown
    /// profiles are refused: no WebRTC peer offers them and their level rules differ.
    public var decodesConstrainedBaseline: Bool { profile != .other }

    /// Six lowercase hex digits, as peers write it.
    public var description: String {
        [profileIDC, profileIOP, levelIDC].map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
