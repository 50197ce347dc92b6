import Foundation
import LeadDesk
import Leads

/// A lead's whole history as one list: messages in and out with their text (as the store keeps it: plain text,
/// HTML mail already reduced to its words), the work log, and the tasks.
struct Timeline {
    let detail: LeadDesk.LeadDetail

    init(_ detail: LeadDesk.LeadDetail) { self.detail = detail }

    /// The entries as `<li>` items, written here rather than by a Mustache section (a lead's history can be long,
    /// and swift-mustache looks each name up through the context stack with dynamic casts); every value goes
    /// through `EscapedHTML.escape`. The template inserts them with `{{{timeline}}}`.
    func html(newestFirst: Bool) -> EscapedHTML {
        var items: [(Date, Int, Int)] = []
        for (index, message) in detail.communications.enumerated() { items.append((message.date, 0, index)) }
        for (index, event) in detail.events.enumerated() { items.append((event.date, 1, index)) }
        for (index, task) in detail.tasks.enumerated() { items.append((task.createdAt, 2, index)) }
        items.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 != $1.1 ? $0.1 < $1.1 : $0.2 < $1.2 }
        if newestFirst { items.reverse() }
        var html: [UInt8] = []
        html.reserveCapacity(1024 + detail.communications.reduce(0) { $0 + $1.text.utf8.count })
        func text(_ value: String) { EscapedHTML.escape(value, into: &html) }
        func raw(_ markup: StaticString) {
            html += UnsafeBufferPointer(start: markup.utf8Start, count: markup.utf8CodeUnitCount)
        }
        for (_, kind, index) in items {
            switch kind {
            case 0:
                let message = detail.communications[index]
                raw(#"<li class="message "#)
                raw(message.direction == .inbound ? "in" : "out")
                raw(#""><div class="meta"><span class="date">"#)
                text(PageText.dateTime(message.date))
                raw("</span> <strong>")
                text(Self.label(message))
                raw("</strong> from ")
                text(message.from)
                raw(" to ")
                text(message.to)
                raw(" ")
                if message.direction == .outbound {
                    raw(#"<span class="state">"#)
                    text(message.status.rawValue)
                    raw("</span>")
                }
                raw(#"</div><div class="subject">"#)
                text(message.subject ?? "(no subject)")
                raw(#"</div><div class="text">"#)
                text(message.text)
                raw("</div>")
                if !message.attachments.isEmpty {
                    raw(#"<ul class="files" aria-label="Attachments">"#)
                    for attachment in message.attachments {
                        raw(#"<li><span class="file-name">"#)
                        text(attachment.name ?? "(no name)")
                        raw(#"</span> <span class="muted">"#)
                        text(attachment.contentType)
                        raw(", ")
                        text(PageText.size(attachment.size))
                        raw("</span></li>")
                    }
                    raw("</ul>")
                }
                if let detail = message.detail, !detail.isEmpty {
                    raw(#"<div class="muted">"#)
                    text(detail)
                    raw("</div>")
                }
                raw("</li>\n")
            case 1:
                let event = detail.events[index]
                raw(#"<li class="event"><span class="date">"#)
                text(PageText.dateTime(event.date))
                raw(#"</span> <span class="kind">"#)
                text(event.kind.rawValue)
                raw(#"</span> <span class="by">"#)
                text(event.by)
                raw(#"</span>: <span class="text">"#)
                text(event.text)
                raw("</span></li>\n")
            default:
                let task = detail.tasks[index]
                raw(#"<li class="task"><span class="date">"#)
                text(PageText.dateTime(task.createdAt))
                raw("</span> task: ")
                text(task.kind.rawValue)
                raw(" due ")
                text(task.due)
                raw(" (")
                text(task.owner ?? "unassigned")
                raw(")")
                if let done = task.doneAt {
                    raw(", ")
                    text("done \(PageText.dateTime(done)) by \(task.doneBy ?? "")")
                }
                raw("</li>\n")
            }
        }
        return EscapedHTML(built: html)
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
