import Foundation
import TestSupport
import Testing

/// With `web.baseURL` set, staff emails link to the lead's page in the workspace instead of quoting a shell
/// command; without it they keep naming the command.
@Suite("Staff mail links to the workspace when web.baseURL is set", .serialized)
struct StaffMailLinksTests {
    let christmasEve = "2026-12-24T09:00:00Z"

    @Test("the new-lead notice and the digest link to https://leads.example.com/leads/ID")
    func linked() async throws {
        let workspace = try CLIWorkspace(
            extra: lifecycleYAML + "\nweb: {listen: \"127.0.0.1:0\", baseURL: \"https://leads.example.com/\"}\n")
        let eml = try workspace.write(enquiryMail(), to: "enquiry.eml")
        _ = try await workspace.leadmail(at: christmasEve, "ingest", eml)
        let run = try await workspace.leadmail(at: "2026-12-29T09:30:00Z", "run", "--once")
        #expect(run.status == 0, "\(run.stderr)")
        let mails = try workspace.sentMails()
        let notice = try #require(mails.first { $0.contains("Subject: New lead L1") })
        #expect(notice.contains("https://leads.example.com/leads/1"), "\(notice)")
        #expect(!notice.contains("leadmail leads show"))
        let digest = try #require(mails.first { $0.contains("Subject: Your leads today") })
        #expect(digest.contains("https://leads.example.com/leads/1"), "\(digest)")
        #expect(!digest.contains("leadmail leads due"))
    }

    @Test("without web.baseURL the notice names the command")
    func command() async throws {
        let workspace = try CLIWorkspace(extra: lifecycleYAML)
        let eml = try workspace.write(enquiryMail(), to: "enquiry.eml")
        _ = try await workspace.leadmail(at: christmasEve, "ingest", eml)
        _ = try await workspace.leadmail(at: "2026-12-24T09:30:00Z", "run", "--once")
        let notice = try #require(try workspace.sentMails().first { $0.contains("Subject: New lead L1") })
        #expect(notice.contains("leadmail leads show L1"), "\(notice)")
    }
}
