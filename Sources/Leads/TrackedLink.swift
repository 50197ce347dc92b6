/// A link in a mail to a lead that goes through the workspace's `/t/TOKEN` (`tracking: true`): the random token
/// the mail carries, the address it stands for, and the words it was shown with, for the lead's log.
public struct TrackedLink: Sendable, Hashable {
    /// 32 hex digits of randomness: not guessable, so a token names one link of one mail.
    public var token: String
    /// The http(s) address the click is sent on to; never taken from the request.
    public var url: String
    /// The link's text in the HTML part, or the address itself in plain text.
    public var label: String

    public init(token: String, url: String, label: String) {
        self.token = token
        self.url = url
        self.label = label
    }
}
