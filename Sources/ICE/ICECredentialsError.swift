/// Remote ICE credentials that break RFC 8839 §5.4 (`ice-ufrag` 4–256 and `ice-pwd` 22–256
/// `ice-char`s: ALPHA / DIGIT / "+" / "/").
public enum ICECredentialsError: Error, Equatable, Sendable {
    case rfc8839UsernameFragmentLength(Int)
    case rfc8839PasswordLength(Int)
    case rfc8839InvalidCharacter(Character)
}
