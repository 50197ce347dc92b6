import Foundation
import LeadStore
import Leads
import TestSupport
import Testing

/// Both stores keep an inbound message's attachment names, sizes and types with the message, in order.
@Suite("Attachment names and unsynced writes, for every store")
struct AttachmentNamesStoreTests {
    @Test(
        "kept with the message and given back in order; a message without files has none", arguments: StoreKind.allCases
    )
    func kept(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let files: [Communication.Attachment] = [
            .init(name: "quote-request.pdf", size: 52_113, contentType: "application/pdf"),
            .init(name: "Zeichnung Tank 3 – Rev. B.dwg", size: 1_048_576, contentType: "application/acad"),
            .init(name: nil, size: 0, contentType: "image/png"),
        ]
        var message = InboundMessage(
            messageID: "files@mail.example", fingerprint: Fingerprint.of(["files"]), threadIDs: [],
            date: TemporaryLeadStore.now, from: "jane@brightwater.example", to: "sales@acme.example",
            subject: "Drawings", text: "Drawings attached.",
            enquiry: Enquiry(
                contact: ContactDetails(name: "Jane Okafor", email: "jane@brightwater.example"), subject: "Drawings",
                text: "Drawings attached.", source: "web-form"))
        message.attachments = files
        let (outcome, _) =
            if let postgres = temp.postgres {
                try postgres.recordInbound(message, at: TemporaryLeadStore.now) { _ in nil }
            } else {
                try temp.store.recordInbound(message, at: TemporaryLeadStore.now) { _ in nil }
            }
        let id = try #require(outcome.lead?.id)
        let plain = try temp.capture("ben@brewery.example")
        let (withFiles, without) = try await temp.records.read { tx in
            (try tx.communications(leadID: id), try tx.communications(leadID: plain))
        }
        #expect(withFiles.map(\.attachments) == [files])
        #expect(without.map(\.attachments) == [[]])
    }

    @Test("a write that need not wait for the disk commits like any other", arguments: StoreKind.allCases)
    func unsyncedWrite(kind: StoreKind) async throws {
        let temp = try TemporaryLeadStore(kind)
        let lead = try temp.capture("jane@brightwater.example", owner: "anna@acme.example", team: "uk")
        let now = TemporaryLeadStore.now
        #expect(try await temp.records.read { tx in try tx.wasOpened(leadID: lead, by: "anna@acme.example") } == false)
        try await temp.records.write(.untilSynced) { tx in
            try tx.markOpened(leadID: lead, by: "Anna@Acme.Example", at: now)
        }
        #expect(try await temp.records.read { tx in try tx.wasOpened(leadID: lead, by: "anna@acme.example") })
        // A write after it, durable, and a failing one that must leave nothing.
        try await temp.records.write { tx in try tx.markOpened(leadID: lead, by: "ben@acme.example", at: now) }
        await #expect(throws: LifecycleError.self) {
            try await temp.records.write(.untilSynced) { tx in
                try tx.markOpened(leadID: lead, by: "mary@acme.example", at: now)
                throw LifecycleError.unknownTask(7)
            }
        }
        let readers = try await temp.records.read { tx in
            try ["anna@acme.example", "ben@acme.example", "mary@acme.example"].map {
                try tx.wasOpened(leadID: lead, by: $0)
            }
        }
        #expect(readers == [true, true, false])
    }
}
