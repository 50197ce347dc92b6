import Foundation
import MIME

/// One line of the `sources` configuration: messages that match get this source and campaign.
///
/// Every condition given must hold; a rule with none matches everything (a catch-all at the end).
public struct SourceRule: Sendable {
    public var name: String
    public var campaign: String?
    /// Matches any recipient: To, Cc, and the Delivered-To / X-Original-To lines the MTA adds (so Bcc works).
    public var to: AddressPattern?
    public var from: AddressPattern?
    public var subject: TextPattern?
    public var header: (name: String, pattern: TextPattern)?

    public init(
        name: String, campaign: String? = nil, to: AddressPattern? = nil, from: AddressPattern? = nil,
        subject: TextPattern? = nil, header: (name: String, pattern: TextPattern)? = nil
    ) {
        self.name = name
        self.campaign = campaign
        self.to = to
        self.from = from
        self.subject = subject
        self.header = header
    }

    public func matches(_ message: Message) -> Bool {
        matches(
            message, recipients: message.recipientAddresses.map(EmailAddress.normalised),
            senders: message.from.map { EmailAddress.normalised($0.address) })
    }

    /// With the message's addresses normalised once for all rules.
    func matches(_ message: Message, recipients: [String], senders: [String]) -> Bool {
        if let to, !recipients.contains(where: to.matches(normalised:)) { return false }
        if let from, !senders.contains(where: from.matches(normalised:)) { return false }
        if let subject, !subject.matches(message.subject ?? "") { return false }
        if let header {
            let values = message.headers.all(header.name)
            if !values.contains(where: header.pattern.matches) { return false }
        }
        return true
    }
}

/// Decides a message's source and campaign: the first rule that matches wins, else the default source.
public struct SourceClassifier: Sendable {
    public var rules: [SourceRule]
    public var defaultSource: String

    public init(rules: [SourceRule], defaultSource: String = "email") {
        self.rules = rules
        self.defaultSource = defaultSource
    }

    public func classify(_ message: Message) -> (source: String, campaign: String?) {
        let recipients = message.recipientAddresses.map(EmailAddress.normalised)
        let senders = message.from.map { EmailAddress.normalised($0.address) }
        guard let rule = rules.first(where: { $0.matches(message, recipients: recipients, senders: senders) })
        else { return (defaultSource, nil) }
        return (rule.name, rule.campaign)
    }
}

extension Message {
    /// Every address the message was delivered to: To, Cc, Delivered-To and X-Original-To.
    public var recipientAddresses: [String] {
        var addresses = (to + cc).map(\.address)
        for name in ["Delivered-To", "X-Original-To", "Envelope-To"] {
            addresses += headers.all(name).map { EmailAddress.normalised($0) }
        }
        return addresses
    }
}
