import Foundation
import Hummingbird
import HummingbirdTesting
import Intake
import LeadDesk
import LeadStore
import Leads
import MIME
import Templates
import TestSupport
import Web

/// The workspace with a templates folder marketing may edit (a copy of the repository's own) and intake's
/// previews, over a temporary store with the test users signed up (each with `WebFixture.password`).
struct MarketingFixture {
    let base: WebFixture
    let folder: TemporaryDirectory
    let desk: LeadDesk
    let workspace: Workspace

    init() async throws {
        base = try await WebFixture()
        folder = try TemporaryDirectory(prefix: "leadmail-web-templates")
        for entry in try FileManager.default.contentsOfDirectory(atPath: RepositoryPaths.templates) {
            try FileManager.default.copyItem(
                atPath: RepositoryPaths.templates + "/" + entry, toPath: folder.path + "/" + entry)
        }
        let sender = MailAddress(name: "Acme Sales", address: "sales@acme.example")
        let configuration = LeadMailConfiguration(
            mailbox: folder.path + "/inbox", store: "unused", templates: folder.path,
            quarantine: folder.path + "/quarantine", relay: nil, outbox: folder.path + "/outbox", from: sender,
            ourAddresses: ["sales@acme.example"], staffDomains: ["acme.example"],
            company: CompanyDetails(name: "Acme Sensors", phone: "+44 20 7946 0000"),
            sources: [SourceRule(name: "web-form", campaign: "expo-2026", subject: try TextPattern("website enquiry"))])
        let library = try TemplateLibrary.load(directory: folder.path)
        var desk = LeadDesk(
            records: base.temporary.records, workflow: base.desk.workflow,
            letters: LetterSettings(sender: sender, company: "Acme Sensors", templates: { library }),
            clock: { TemporaryLeadStore.now }, passwordCost: 4, templateFolder: folder.path)
        desk.templatePreviewer = IntakeTemplatePreviewer(configuration: configuration)
        desk.tracker = LinkTracker(baseURL: "http://127.0.0.1:8080/", points: 5)
        self.desk = desk
        workspace = try await Workspace(desk: desk, options: WebOptions())
    }

    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: workspace.router())
        try await app.test(.router) { client in try await body(client) }
    }

    /// An enquiry from the website's form, as a mail client would paste it.
    static func enquiry(from: String = "Jo Buyer <jo@brewery.example>", text: String = "We need 60 sensors.") -> String
    {
        """
        From: \(from)
        To: sales@acme.example
        Subject: Website enquiry: level sensors
        Date: Mon, 7 Dec 2026 09:00:00 +0000
        Message-ID: <enquiry-1@brewery.example>
        Content-Type: text/plain; charset=utf-8

        \(text)
        """
    }
}
