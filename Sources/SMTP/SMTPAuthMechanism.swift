/// The SASL mechanism to log in to the relay with, for relays that offer several and mishandle one.
///
/// Without one (`SMTPRelay.authMechanism == nil`) libcurl picks the strongest mechanism the relay offers.
public enum SMTPAuthMechanism: String, Sendable, Hashable, CaseIterable {
    /// `AUTH PLAIN`: user and password in one base64 line (RFC 4616).
    case plain
    /// `AUTH LOGIN`: user and password in two base64 prompts; older but widely offered.
    case login

    /// The value of libcurl's CURLOPT_LOGIN_OPTIONS that forces this mechanism.
    var curlLoginOptions: String {
        "AUTH=\(rawValue.uppercased())"
    }
}
