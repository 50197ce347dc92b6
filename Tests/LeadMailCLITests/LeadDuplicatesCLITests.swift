import Foundation
import Maildir
import TestSupport
import Testing

@Suite("leads duplicates and leads merge, through the binary on a real store")
struct LeadDuplicatesCLITests {
    static func enquiry(from: String, id: String, company: String, text: String) -> [UInt8] {
        Array(
            """
            From: \(from)\r
            To: sales@acme.example\r
            Subject: Sensors\r
            Date: Mon, 16 Nov 2026 09:00:00 +0000\r
            Message-ID: <\(id)>\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            \(text)\r
            \r
            Jane Okafor\r
            \(company)\r

            """.utf8)
    }

    @Test("the same name at the same company domain is listed; merging keeps both logs on one lead")
    func duplicatesAndMerge() async throws {
        let workspace = try CLIWorkspace()
        let inbox = Maildir(path: workspace.directory.path + "/inbox")
        try inbox.create()
        try inbox.deliver(
            Self.enquiry(
                from: "Jane Okafor <jane@brightwater.example>", id: "d1@brightwater.example",
                company: "Brightwater Utilities Ltd", text: "We need 60 level sensors."))
        try inbox.deliver(
            Self.enquiry(
                from: "Jane Okafor <j.okafor@brightwater.example>", id: "d2@brightwater.example",
                company: "Brightwater Utilities Ltd", text: "And 10 flow sensors, please."))
        try inbox.deliver(
            Self.enquiry(
                from: "Jane Okafor <jane.okafor@gmail.example>", id: "d3@gmail.example",
                company: "", text: "A private question about a weather station."))
        let run = try await workspace.leadmail("run", "--once")
        #expect(run.status == 0, "\(run.stderr)")

        let listed = try await workspace.leadmail("leads", "duplicates")
        #expect(listed.status == 0, "\(listed.stderr)")
        let pairs = listed.stdout.split(separator: "\n").filter { $0.hasPrefix("L") && !$0.hasPrefix("LEAD") }
        #expect(pairs.count == 1, "only the two at brightwater: \(listed.stdout)")
        #expect(pairs.first?.contains("jane@brightwater.example") == true)
        #expect(pairs.first?.contains("j.okafor@brightwater.example") == true)

        let merged = try await workspace.leadmail("leads", "merge", "1", "2", "--by", "anna")
        #expect(merged.status == 0, "\(merged.stderr)")
        let show = try await workspace.leadmail("leads", "show", "1", "--json")
        let lead = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let log = try #require(lead["communications"] as? [[String: Any]])
        let ids = Set(log.compactMap { $0["messageId"] as? String })
        #expect(ids.isSuperset(of: ["d1@brightwater.example", "d2@brightwater.example"]))
        let gone = try await workspace.leadmail("leads", "show", "2")
        #expect(gone.status != 0, "the merged lead is gone")
        let after = try await workspace.leadmail("leads", "duplicates")
        #expect(after.stdout.contains("No possible duplicates."))
        let itself = try await workspace.leadmail("leads", "merge", "1", "1")
        #expect(itself.status != 0)
    }
}
