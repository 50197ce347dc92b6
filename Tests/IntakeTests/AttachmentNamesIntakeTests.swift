import Foundation
import Intake
import LeadStore
import Leads
import TestSupport
import Testing

/// Intake keeps the names, sizes and types of an enquiry's files for the lead's timeline, from the parse it does
/// anyway: a name made of a path, markup and CR/LF keeps only its last part, without control characters.
@Suite("Intake: attachment names kept for the timeline")
struct AttachmentNamesIntakeTests {
    @Test("an enquiry's files are recorded with their safe names, decoded sizes and types")
    func recorded() async throws {
        let harness = try IntakeHarness()
        let boundary = "files-23"
        let body = """
            --\(boundary)
            Content-Type: text/plain; charset=utf-8

            Please quote 60 level sensors; the drawings are attached.

            --\(boundary)
            Content-Type: application/pdf
            Content-Disposition: attachment; filename*=utf-8''..%2F..%2Fetc%2Fquote%0D%0A%3Cb%20onclick%3Dx%3E.pdf
            Content-Transfer-Encoding: base64

            SGVsbG8gd29ybGQ=
            --\(boundary)
            Content-Type: image/png
            Content-Disposition: inline
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --\(boundary)
            Content-Type: text/csv; name="C:\\\\Users\\\\jane\\\\sizes.csv"
            Content-Disposition: attachment

            tank,height
            1,4.5
            --\(boundary)--
            """
        let headers = [
            "From: Jane Okafor <jane@brightwater.example>", "To: sales@acme.example", "Subject: Drawings",
            "Date: Mon, 16 Nov 2026 09:00:00 +0000", "Message-ID: <files-1@brightwater.example>", "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"\(boundary)\"",
        ]
        try harness.inbox.deliver(
            Array(
                (headers.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n"))
                    .utf8))
        _ = try await harness.service().runOnce()
        let store = try SQLiteLeadStore(path: harness.configuration.store)
        let lead = try #require(try store.leads(LeadQuery()).first)
        let inbound = try #require(try store.communications(leadID: lead.id).first { $0.direction == .inbound })
        #expect(
            inbound.attachments == [
                Communication.Attachment(
                    name: "quote  <b onclick=x>.pdf", size: 11, contentType: "application/pdf"),
                Communication.Attachment(name: nil, size: 8, contentType: "image/png"),
                Communication.Attachment(name: "sizes.csv", size: 18, contentType: "text/csv"),
            ])
        #expect(inbound.attachments.allSatisfy { !($0.name ?? "").contains("/") && !($0.name ?? "").contains("\r") })
        let reply = try #require(try store.communications(leadID: lead.id).first { $0.direction == .outbound })
        #expect(reply.attachments.isEmpty, "our reply carries no files")
    }
}
