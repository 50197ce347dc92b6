import Foundation
import MIME

/// Decides whether a message was written by a person who may be answered, following RFC 3834.
///
/// Machines answering machines is how auto-reply loops start and how bounces become "leads": anything
/// auto-generated, from a list, from a bounce address or from ourselves is never answered and never becomes a lead
/// on its own (it may still join the thread it belongs to).
public struct ReplyPolicy: Sendable {
    /// Why a message must not get an automatic answer.
    public enum Verdict: Sendable, Hashable, CustomStringConvertible {
        case answerable
        case automated(reason: String)
        case ours(address: String)

        public var isAnswerable: Bool { self == .answerable }

        public var description: String {
            switch self {
            case .answerable: "written by a person"
            case .automated(let reason): "auto-generated: \(reason)"
            case .ours(let address): "sent from our own address \(address)"
            }
        }
    }

    /// Our addresses, normalised: never leads, never answered.
    public var ourAddresses: Set<String>
    /// Our staff's domains: a colleague's mail is not an enquiry and is never auto-answered.
    public var staffDomains: Set<String>

    public init(ourAddresses: [String], staffDomains: [String] = []) {
        self.ourAddresses = Set(ourAddresses.map(EmailAddress.normalised))
        self.staffDomains = Set(staffDomains.map { $0.lowercased() })
    }

    /// Whether `address` is one of ours or a colleague's.
    public func isOurs(_ address: String) -> Bool {
        let normalised = EmailAddress.normalised(address)
        if ourAddresses.contains(normalised) { return true }
        guard let at = normalised.lastIndex(of: "@") else { return false }
        return staffDomains.contains(String(normalised[normalised.index(after: at)...]))
    }

    /// - Parameter replyAddress: where an answer would go (the enquirer's address), checked against our own.
    public func verdict(for message: Message, replyAddress: String?) -> Verdict {
        let headers = message.headers
        if let auto = headers["Auto-Submitted"]?.trimmingCharacters(in: .whitespaces).lowercased(),
           !auto.isEmpty, !auto.hasPrefix("no") {
            return .automated(reason: "Auto-Submitted: \(auto)")
        }
        if let precedence = headers["Precedence"]?.trimmingCharacters(in: .whitespaces).lowercased(),
           ["bulk", "junk", "list", "auto_reply"].contains(precedence) {
            return .automated(reason: "Precedence: \(precedence)")
        }
        for name in ["List-Id", "List-Unsubscribe", "X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"]
        where headers[name] != nil {
            if name == "X-Auto-Response-Suppress" {
                // Outlook sets this on its own auto-replies and on mail it sends on behalf of rules.
                let value = headers[name]!.lowercased()
                if !(value.contains("all") || value.contains("oof")) { continue }
            }
            return .automated(reason: "has a \(name) header")
        }
        if let returnPath = headers["Return-Path"], returnPath.trimmingCharacters(in: .whitespaces) == "<>" {
            return .automated(reason: "empty Return-Path (a bounce)")
        }
        if message.root.contentType.mimeType == "multipart/report" {
            return .automated(reason: "a delivery or read report (multipart/report)")
        }
        // The person an answer would go to decides, not the From line: a web form on our own domain sends on
        // the enquirer's behalf, and that enquirer is not us.
        let senders = message.from.map(\.address) + [message.sender?.address].compactMap { $0 }
        let answerTo = EmailAddress.normalised(replyAddress ?? senders.first ?? "")
        if isOurs(answerTo) {
            return .ours(address: answerTo)
        }
        if answerTo.isEmpty {
            return .automated(reason: "no sender address to answer")
        }
        if Self.isRobotMailbox(answerTo) {
            return .automated(reason: "sender \(answerTo) is a robot mailbox")
        }
        return .answerable
    }

    /// mailer-daemon, postmaster, no-reply and friends: mailboxes nobody reads.
    static func isRobotMailbox(_ address: String) -> Bool {
        let local = address.split(separator: "@").first.map(String.init) ?? address
        let compact = local.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "")
            .replacingOccurrences(of: ".", with: "")
        let robots = ["mailerdaemon", "postmaster", "noreply", "donotreply", "noresponse", "bounce", "bounces"]
        return robots.contains { compact == $0 || compact.hasPrefix($0 + "+") || compact.hasPrefix($0) }
    }
}
