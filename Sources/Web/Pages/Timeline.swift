import Foundation
import LeadDesk
import Leads

/// A lead's whole history as one list: messages in and out with their text (as the store keeps it: plain text,
/// HTML mail already reduced to its words), the work log, and the tasks.
struct Timeline {
    let detail: LeadDesk.LeadDetail

    init(_ detail: LeadDesk.LeadDetail) { self.detail = detail }

    func entries(newestFirst: Bool) -> [[String: Any]] {
        var items: [(Date, Int, [String: Any])] = []
        for message in detail.communications {
            items.append(
                (
                    message.date, 0,
                    [
                        "date": PageText.dateTime(message.date), "isMessage": true,
                        "inbound": message.direction == .inbound,
                        "label": Self.label(message), "from": message.from, "to": message.to,
                        "subject": message.subject ?? "(no subject)", "text": EscapedHTML(message.text),
                        "state": PageText.shown(message.direction == .outbound ? message.status.rawValue : nil),
                        "detail": PageText.shown(message.detail),
                        "hasFiles": !message.attachments.isEmpty, "files": message.attachments.map(Self.file),
                    ]
                ))
        }
        for event in detail.events {
            items.append(
                (
                    event.date, 1,
                    [
                        "date": PageText.dateTime(event.date), "isEvent": true, "kind": event.kind.rawValue,
                        "by": event.by, "text": event.text,
                    ]
                ))
        }
        for task in detail.tasks {
            items.append(
                (
                    task.createdAt, 2,
                    [
                        "date": PageText.dateTime(task.createdAt), "isTask": true, "kind": task.kind.rawValue,
                        "due": task.due, "owner": task.owner ?? "unassigned",
                        "done": task.doneAt.map { "done \(PageText.dateTime($0)) by \(task.doneBy ?? "")" }
                            ?? false,
                    ]
                ))
        }
        items.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        if newestFirst { items.reverse() }
        return items.map(\.2)
    }

    /// An attachment's line: every key given, so that a section never falls back to the lead's own `name`.
    private static func file(_ attachment: Communication.Attachment) -> [String: Any] {
        [
            "fileName": attachment.name ?? "(no name)", "fileType": attachment.contentType,
            "fileSize": PageText.size(attachment.size),
        ]
    }

    private static func label(_ message: Communication) -> String {
        switch message.kind {
        case .enquiry: "Enquiry"
        case .repeatEnquiry: "Repeat enquiry"
        case .threadReply: message.direction == .inbound ? "Reply from the lead" : "Reply"
        case .reply: "Our reply"
        case .notification: "Staff notice"
        case .personal: "Letter from us"
        case .notice: "Delivery notice"
        }
    }
}
