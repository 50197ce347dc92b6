import Foundation

/// A bounce or complaint that Amazon SES reports through an SNS topic subscribed by email: the message's text is
/// the notification's JSON (`notificationType`, `bounce.bouncedRecipients`, `mail.headers`). When LeadMail's
/// relay is SES, this is how its bounces reach the inbox; nothing else in such a mail says what failed.
struct SESNotification {
    var kind: AutomaticNotice.Kind
    var failedRecipients: [String] = []
    /// The Message-IDs of the mail it is about, from the copy of its headers SES keeps.
    var messageIDs: [String] = []
    /// That mail's `X-LeadMail-Lead` header, when SES kept it.
    var lead: String?
    var diagnostic: String?

    /// nil unless `text` is such a notification of a bounce or a complaint.
    init?(text: String?) {
        // Only a text that is a JSON object naming its type is parsed. The mail breaks the object's one long line
        // where it passes the line length mail allows; JSON has no line break of its own inside a string.
        // Without raw delivery, SNS wraps it in an envelope of its own, the notification a string in `Message`.
        guard let text, text.utf8.first == UInt8(ascii: "{"), text.utf8Contains("notificationType"),
            let end = text.utf8.lastIndex(of: UInt8(ascii: "}"))
        else { return nil }
        let json = text.utf8[...end].filter { $0 != 0x0A && $0 != 0x0D }
        guard var object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else { return nil }
        if object["notificationType"] == nil, let inner = object["Message"] as? String,
            let unwrapped = try? JSONSerialization.jsonObject(with: Data(inner.utf8)) as? [String: Any]
        {
            object = unwrapped
        }
        guard let type = object["notificationType"] as? String else { return nil }
        switch type {
        case "Bounce":
            let bounce = object["bounce"] as? [String: Any]
            kind = bounce?["bounceType"] as? String == "Transient" ? .delay : .nonDelivery
            let recipients = bounce?["bouncedRecipients"] as? [[String: Any]] ?? []
            failedRecipients = recipients.compactMap { ($0["emailAddress"] as? String).map(EmailAddress.normalised) }
            diagnostic = recipients.lazy.compactMap { $0["diagnosticCode"] as? String }.first
        case "Complaint":
            kind = .listNotice
            let complaint = object["complaint"] as? [String: Any]
            let recipients = complaint?["complainedRecipients"] as? [[String: Any]] ?? []
            failedRecipients = recipients.compactMap { ($0["emailAddress"] as? String).map(EmailAddress.normalised) }
        default:
            return nil
        }
        let mail = object["mail"] as? [String: Any]
        let headers = mail?["headers"] as? [[String: Any]] ?? []
        let common = mail?["commonHeaders"] as? [String: Any]
        let ids =
            headers.filter { ($0["name"] as? String)?.lowercased() == "message-id" }.compactMap {
                $0["value"] as? String
            }
            + [common?["messageId"] as? String].compactMap { $0 }
        lead = headers.first { ($0["name"] as? String)?.lowercased() == "x-leadmail-lead" }?["value"] as? String
        for id in ids {
            let bare = id.trimmingCharacters(in: CharacterSet(charactersIn: "<> \t"))
            if !bare.isEmpty, !messageIDs.contains(bare) { messageIDs.append(bare) }
        }
    }

    var notice: AutomaticNotice {
        let evidence =
            kind == .listNotice ? "an Amazon SES complaint notification" : "an Amazon SES bounce notification"
        return AutomaticNotice(kind: kind, evidence: evidence)
    }
}
