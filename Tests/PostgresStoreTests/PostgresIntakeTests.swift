import Dispatch
import Foundation
import LeadStore
import Leads
import PostgresStore
import Synchronization
import TestSupport
import Testing

/// Several hosts on one database: what the unique keys and row locks must keep right when they race.
@Suite("PostgreSQL: several hosts recording at once")
struct PostgresIntakeTests {
    let now = TemporaryLeadStore.now

    func enquiry(from email: String, name: String, messageID: String, text: String) -> InboundMessage {
        InboundMessage(
            messageID: messageID, fingerprint: Fingerprint.of([email, messageID, text]), threadIDs: [], date: now,
            from: "\(name) <\(email)>", to: "sales@acme.example", subject: "Level sensors", text: text,
            enquiry: Enquiry(
                contact: ContactDetails(name: name, email: email), subject: "Level sensors", text: text,
                source: "email", campaign: nil))
    }

    @Test("the same message recorded by eight hosts at once is one message on one lead")
    func sameMessageOnce() throws {
        let location = try PostgresTestCluster.shared().freshDatabase()
        let hosts = try (0..<8).map { _ in try PostgresLeadStore(location) }
        let message = enquiry(
            from: "jane@brightwater.example", name: "Jane Doe", messageID: "a1b2@mail.brightwater.example",
            text: "Could you quote 60 level sensors?")
        let now = now
        // A thread per host, released together; each holds its transaction open a moment after finding the lead
        // (in `compose`), so the others meet its uncommitted rows and wait on them rather than finding them done.
        let results = Mutex<[Result<IntakeOutcome, any Error>]>([])
        let start = DispatchSemaphore(value: 0)
        let finished = DispatchGroup()
        for host in hosts {
            finished.enter()
            Thread {
                start.wait()
                let result = Result {
                    try host.recordInbound(message, at: now) { _ in
                        usleep(100_000)
                        return nil
                    }.outcome
                }
                results.withLock { $0.append(result) }
                finished.leave()
            }.start()
        }
        for _ in hosts { start.signal() }
        finished.wait()
        let outcomes = try results.withLock { $0 }.map { try $0.get() }
        let created = outcomes.filter { if case .created = $0 { true } else { false } }
        let duplicates = outcomes.filter { if case .duplicate = $0 { true } else { false } }
        #expect(created.count == 1)
        #expect(duplicates.count == 7)
        let counts = try hosts[0].transaction { tx in
            (try tx.search(LeadSearch()).count, try tx.communications(leadID: created[0].lead!.id).count)
        }
        #expect(counts == (1, 1))
    }

    @Test("one person writing to three hosts at once, three messages: one lead with all three")
    func samePersonOneLead() async throws {
        let location = try PostgresTestCluster.shared().freshDatabase()
        let hosts = try (0..<3).map { _ in try PostgresLeadStore(location) }
        let now = now
        let messages = (0..<3).map { index in
            enquiry(
                from: index == 1 ? "Omar@Saltmarsh.example" : "omar@saltmarsh.example", name: "Omar Haddad",
                messageID: "m\(index)@mail.saltmarsh.example", text: "Enquiry number \(index) about flow meters")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (host, message) in zip(hosts, messages) {
                group.addTask { _ = try host.recordInbound(message, at: now) { _ in nil } }
            }
            try await group.waitForAll()
        }
        let leads = try hosts[0].transaction { tx in try tx.search(LeadSearch()) }
        #expect(leads.count == 1)
        let log = try hosts[0].transaction { tx in try tx.communications(leadID: leads[0].lead.id) }
        #expect(log.count == 3)
    }

    @Test("search folds accents both ways, matches words of an address, and takes a trailing * as a prefix")
    func search() async throws {
        let temp = try TemporaryLeadStore(.postgres)
        let muller = try temp.capture("j.muller@brauerei-sud.example", text: "Angebot für Drucksensoren, bitte")
        let zoe = try temp.capture("zoe@cafe.example", text: "Zoë here: a quote for the café's flow meters")
        func found(_ text: String) async throws -> [Int64] {
            try await temp.records.read { tx in try tx.search(LeadSearch(text: text)).map(\.lead.id) }
        }
        #expect(try await found("fur") == [muller])
        #expect(try await found("CAFE") == [zoe])
        #expect(try await found("ZOË café") == [zoe])
        #expect(try await found("brauerei") == [muller])
        #expect(try await found("druck*") == [muller])
        #expect(try await found("quote druck*").isEmpty, "every word must match")
        #expect(try await found("o'brien; DROP").isEmpty)
        #expect(try await found("--").isEmpty)
    }
}

/// Work meant once for every host sharing the store (the timed lead rules): one host at a time runs it.
@Suite("PostgreSQL: work done once across hosts")
struct PostgresExclusiveTests {
    @Test("while one host runs the timed rules, another skips them; after, it runs them")
    func onceAcrossHosts() throws {
        let location = try PostgresTestCluster.shared().freshDatabase()
        let first = try PostgresLeadStore(location)
        let second = try PostgresLeadStore(location)
        var secondRan = false
        let firstRan = try first.exclusively("leadmail timed lead rules") {
            secondRan = try second.exclusively("leadmail timed lead rules") {}
            #expect(try second.exclusively("another job") {}, "another name is another lock")
        }
        #expect(firstRan)
        #expect(!secondRan, "the second host ran the rules while the first held them")
        #expect(try second.exclusively("leadmail timed lead rules") {})
    }
}
