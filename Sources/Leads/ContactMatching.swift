/// When two email addresses are the same person, as a value the store and the configuration can share.
///
/// Case is always folded (every mailbox provider in use ignores it). Two rules are optional because they are
/// only true of some providers: `+tag` sub-addressing (`anna+expo@x` is `anna@x` at Gmail, Fastmail,
/// Outlook.com, Postfix with `recipient_delimiter`) and Gmail's ignored dots (`a.n.na@gmail.com` is
/// `anna@gmail.com`, at gmail.com and googlemail.com only).
public struct ContactMatching: Sendable, Hashable, Codable {
    /// Drop everything from the first `+` of the local part.
    public var stripsPlusTags: Bool
    /// Drop the dots of the local part at gmail.com and googlemail.com (and treat the two as one domain).
    public var foldsGmailDots: Bool

    /// The rules LeadMail uses unless configured otherwise: both on, since leads come from the public.
    public static let `default` = ContactMatching(stripsPlusTags: true, foldsGmailDots: true)
    /// Case-folding only.
    public static let caseOnly = ContactMatching(stripsPlusTags: false, foldsGmailDots: false)

    public init(stripsPlusTags: Bool, foldsGmailDots: Bool) {
        self.stripsPlusTags = stripsPlusTags
        self.foldsGmailDots = foldsGmailDots
    }

    /// The key two addresses share exactly when they are the same contact under these rules.
    public func key(for address: String) -> String {
        let normalised = EmailAddress.normalised(address)
        guard let at = normalised.lastIndex(of: "@") else { return normalised }
        var local = normalised[..<at]
        var domain = normalised[normalised.index(after: at)...]
        if stripsPlusTags, let plus = local.firstIndex(of: "+"), plus != local.startIndex {
            local = local[..<plus]
        }
        if foldsGmailDots, domain == "gmail.com" || domain == "googlemail.com" {
            local = Substring(local.filter { $0 != "." })
            domain = "gmail.com"
        }
        return "\(local)@\(domain)"
    }

    /// Whether `a` and `b` are the same contact.
    public func matches(_ a: String, _ b: String) -> Bool {
        key(for: a) == key(for: b)
    }
}
