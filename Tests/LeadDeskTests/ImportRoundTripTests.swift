import Foundation
import LeadDesk
import LeadStore
import Leads
import TestSupport
import Testing

@Suite("Export then import is a round trip; imports read other locales' spreadsheets")
struct ImportRoundTripTests {
    let admin = DeskFixture.admin

    /// Three leads worked as sales staff would: one converted by Ben, one rated and tagged, one untouched with
    /// no name or company known.
    func workedStore() async throws -> DeskFixture {
        let fixture = try DeskFixture()
        let converted = try fixture.lead("jane@brightwater.example", owner: "ben@acme.example", team: "uk")
        _ = try await fixture.desk.changeStatus(
            converted, to: StatusChange(status: .converted, value: 5000, closeDate: "2027-01-29"), by: admin)
        let rated = try fixture.lead("einkauf@brauerei-mueller.example", owner: "dieter@acme.example", team: "dach")
        try await fixture.desk.rate(rated, .a, by: admin)
        _ = try await fixture.desk.tag(rated, with: ["brewery", "expo 2026"], by: admin)
        let bare = try fixture.lead("info@nameless.example", owner: nil, team: nil)
        try await fixture.desk.editContact(bare, .init(name: "", company: ""), by: admin)
        try fixture.desk.workflow.catchUp(now: TemporaryLeadStore.now)
        return fixture
    }

    func exported(_ fixture: DeskFixture, _ format: ExportFormat = .leadmail) async throws -> String {
        let leads = try await fixture.desk.exportedLeads(LeadSearch(order: .newest), by: admin)
        return CSVTable.render([format.header] + leads.map { format.row($0) })
    }

    @Test("re-importing one's own export creates nothing, changes no score and mails nobody")
    func sameStore() async throws {
        let fixture = try await workedStore()
        let csv = try await exported(fixture)
        let before = try await fixture.desk.leads(LeadSearch(order: .newest), by: admin)
        let outbox = try fixture.store.pendingOutbox().count

        let report = try await fixture.desk.importLeads(
            try ImportSheet(text: csv, file: "leads.csv"), source: "import", campaign: nil, skipInvalid: false,
            by: admin)

        #expect(report.outcomes.count == 3)
        #expect(report.outcomes.allSatisfy { if case .unchanged = $0.outcome { true } else { false } })
        let after = try await fixture.desk.leads(LeadSearch(order: .newest), by: admin)
        #expect(after.map(\.lead.id) == before.map(\.lead.id), "no lead created")
        #expect(after.map(\.lifecycle.score) == before.map(\.lifecycle.score))
        #expect(try fixture.store.pendingOutbox().count == outbox, "nobody mailed")
    }

    @Test("into an empty store: status, value, rating, owner, tags and created date kept; placeholders are not data")
    func emptyStore() async throws {
        let source = try await workedStore()
        let csv = try await exported(source, .salesforce)
        #expect(csv.contains("[not provided]"), "Salesforce's own placeholder for a missing last name or company")
        let empty = try DeskFixture()
        let when = try #require(try await source.desk.exportedLeads(LeadSearch(), by: admin).first?.lead.createdAt)

        let report = try await empty.desk.importLeads(
            try ImportSheet(text: csv, file: "salesforce.csv"), source: "import", campaign: nil, skipInvalid: false,
            by: admin)

        #expect(report.rejected.isEmpty, "\(report.rejected)")
        let leads = try await empty.desk.exportedLeads(LeadSearch(), by: admin)
        let jane = try #require(leads.first { $0.lead.email == "jane@brightwater.example" })
        #expect(jane.lead.status == .converted)
        #expect(jane.lifecycle.value == 5000)
        #expect(jane.lifecycle.owner == "ben@acme.example")
        #expect(jane.lead.createdAt == when)
        let brewery = try #require(leads.first { $0.lead.email == "einkauf@brauerei-mueller.example" })
        #expect(brewery.lifecycle.rating == .a, "Hot is A")
        #expect(Set(brewery.lifecycle.tags) == ["brewery", "expo 2026"])
        #expect(brewery.lifecycle.owner == "dieter@acme.example")
        let bare = try #require(leads.first { $0.lead.email == "info@nameless.example" })
        #expect(bare.lead.name == nil)
        #expect(bare.lead.company == nil)
        #expect(try empty.store.pendingOutbox().isEmpty, "no owner is told of leads worked elsewhere")
    }

    @Test("a semicolon-separated file with a BOM and German numbers imports, saying what it guessed")
    func excelInGermany() async throws {
        let fixture = try DeskFixture()
        let text =
            "\u{FEFF}Vorname;Nachname;E-Mail;Firma;Amount;Lead Status;Contact owner;Score;Branche\r\n"
            + "Jürgen;Groß;j.gross@brauerei-mueller.example;Brauerei Müller GmbH;12.000,50;Closed - Converted;"
            + "dieter@acme.example;90;Brauerei\r\n"
        let sheet = try ImportSheet(text: text, file: "kontakte.csv")
        #expect(sheet.guesses.contains("columns separated by semicolons"))
        #expect(sheet.guesses.contains("a UTF-8 byte order mark, skipped"))
        #expect(sheet.guesses.contains("numbers as 12.000,50"))
        #expect(sheet.formColumns == ["Branche"])
        #expect(sheet.ignoredColumns == ["Score (LeadMail computes it)"])
        let report = try await fixture.desk.importLeads(
            sheet, source: "import", campaign: nil, skipInvalid: false, by: admin)
        #expect(report.rejected.isEmpty, "\(report.rejected)")
        let lead = try #require(try await fixture.desk.exportedLeads(LeadSearch(), by: admin).first)
        #expect(lead.lead.name == "Jürgen Groß")
        #expect(lead.lead.company == "Brauerei Müller GmbH")
        #expect(lead.lead.status == .converted)
        #expect(lead.lifecycle.value == 12000.5)
        #expect(lead.lifecycle.owner == "dieter@acme.example")
    }
}
