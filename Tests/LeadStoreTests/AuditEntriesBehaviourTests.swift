import Foundation
import LeadStore
import Leads
import TestSupport
import Testing

/// The audit list's port (`AuditTransaction`), alike on SQLite and PostgreSQL: sign-ins kept beside the leads'
/// logs, read together newest first, by person (any case) and time, a page at a time.
@Suite("LeadRecords behaviour: the audit list, for every store")
struct AuditEntriesBehaviourTests {
    @Test("sign-ins and lead log entries, newest first, filtered and paged", arguments: StoreKind.allCases)
    func audit(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let now = TemporaryLeadStore.now
        let lead = try temp.capture("jo@brewery.example")
        try await temp.records.write { tx in
            try tx.recordSignIn(email: "Anna@Acme.example", succeeded: false, client: "192.0.2.7", at: now)
            try tx.recordSignIn(email: "anna@acme.example", succeeded: true, client: "192.0.2.7", at: now + 60)
            var update = LeadUpdate(leadID: lead, by: "anna@acme.example")
            update.events = [(.note, "called <b>twice</b>")]
            try tx.apply(update, at: now + 120)
            var other = LeadUpdate(leadID: lead, by: "ben@acme.example")
            other.events = [(.note, "left a message")]
            try tx.apply(other, at: now + 180)
        }
        let all = try await temp.records.read { tx in try tx.auditEntries(AuditQuery()) }
        #expect(all.first?.by == "ben@acme.example")
        #expect(all.first?.kind == .lead(.note))
        #expect(all.first?.leadID == lead)
        let anna = try await temp.records.read { tx in try tx.auditEntries(AuditQuery(person: "ANNA@acme.example")) }
        #expect(anna.map(\.kind) == [.lead(.note), .signIn, .failedSignIn], "\(anna)")
        #expect(anna.map(\.date) == [now + 120, now + 60, now])
        #expect(anna[0].text == "called <b>twice</b>")
        #expect(anna[1].text == "192.0.2.7" && anna[1].leadID == nil)
        let window = try await temp.records.read { tx in
            try tx.auditEntries(AuditQuery(person: "anna@acme.example", from: now + 30, until: now + 120))
        }
        #expect(window.map(\.kind) == [.signIn])
        let paged = try await temp.records.read { tx in
            try tx.auditEntries(AuditQuery(person: "anna@acme.example", limit: 2, offset: 1))
        }
        #expect(paged.map(\.kind) == [.signIn, .failedSignIn])
    }

    @Test(
        "tracked links are stored with the mail that carries them, clicks counted per campaign",
        arguments: StoreKind.allCases)
    func trackedLinks(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let now = TemporaryLeadStore.now
        let lead = try temp.capture("jo@brewery.example")
        let token = String(repeating: "ab", count: 16)
        var mail = OutgoingMail(
            messageID: "<letter-1@acme.example>", envelopeFrom: "sales@acme.example",
            recipients: ["jo@brewery.example"],
            from: "sales@acme.example", to: "jo@brewery.example", subject: "Prices", text: "http://x/t/\(token)",
            raw: Array("Subject: Prices\r\n\r\nhttp://x/t/\(token)\r\n".utf8))
        mail.trackedLinks = [TrackedLink(token: token, url: "https://acme.example/prices.pdf", label: "the price list")]
        _ = try await temp.records.write { [mail] tx in try tx.queue(mail, leadID: lead, at: now) }
        let stored = try await temp.records.read { tx in try tx.trackedLink(token: token) }
        #expect(
            stored
                == StoredTrackedLink(
                    token: token, leadID: lead, url: "https://acme.example/prices.pdf", label: "the price list",
                    clicks: 0))
        #expect(try await temp.records.read { tx in try tx.trackedLink(token: "cd" + token.dropFirst(2)) } == nil)
        #expect(try await temp.records.write { tx in try tx.recordClick(token: token, at: now + 60) } == 1)
        #expect(try await temp.records.write { tx in try tx.recordClick(token: token, at: now + 120) } == 2)
        #expect(try await temp.records.write { tx in try tx.recordClick(token: "unknown", at: now) } == 0)
        let clicks = try await temp.records.read { tx in try tx.clicksByCampaign(from: nil, until: nil) }
        #expect(clicks == [CampaignClicks(campaign: "expo-2026", clicks: 2, leads: 1)])
        let later = try await temp.records.read { tx in try tx.clicksByCampaign(from: now + 90, until: nil) }
        #expect(later == [CampaignClicks(campaign: "expo-2026", clicks: 1, leads: 1)])
        // A merge moves the links and their clicks to the lead kept.
        let keep = try temp.capture("jo.brewer@brewery.example")
        try await temp.records.write { tx in try tx.merge(lead, into: keep, by: "root@acme.example", at: now + 180) }
        #expect(try await temp.records.read { tx in try tx.trackedLink(token: token) }?.leadID == keep)
        #expect(try await temp.records.read { tx in try tx.trackedLink(token: token) }?.clicks == 2)
    }
}
