import Foundation
import TestSupport
import Testing

/// `export` in leadmail.yml: an organisation's own picklist values in Salesforce and HubSpot exports.
@Suite(.serialized)
struct ExportValuesCLITests {
    let christmasEve = "2026-12-24T09:00:00Z"

    @Test("the picklist values leadmail.yml gives replace the CRM's defaults in the export; the others stay")
    func configuredValues() async throws {
        let workspace = try CLIWorkspace(
            extra: lifecycleYAML + """
                export:
                  salesforce:
                    status: { new: "Open", contacted: "Working" }
                    rating: { A: "Hot lead" }
                  hubspot:
                    stage: { new: "marketingqualifiedlead" }

                """)
        let eml = try workspace.write(enquiryMail(), to: "enquiry.eml")
        let ingest = try await workspace.leadmail(at: christmasEve, "ingest", eml)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let rate = try await workspace.leadmail(at: christmasEve, "leads", "rate", "L1", "A")
        #expect(rate.status == 0, "\(rate.stderr)")

        let salesforce = try await workspace.leadmail(at: christmasEve, "leads", "export", "--format", "salesforce")
        #expect(salesforce.status == 0, "\(salesforce.stderr)")
        let sfRows = salesforce.stdout
        #expect(sfRows.contains(",Open,Hot lead,"), "\(sfRows)")
        #expect(!sfRows.contains("Open - Not Contacted"), "the configured status replaces the default")

        let hubspot = try await workspace.leadmail(at: christmasEve, "leads", "export", "--format", "hubspot")
        #expect(hubspot.status == 0, "\(hubspot.stderr)")
        #expect(
            hubspot.stdout.contains(",NEW,marketingqualifiedlead,"), "status keeps HubSpot's default: \(hubspot.stdout)"
        )
    }

    @Test("a status or rating LeadMail does not have, or a value with a line break, is a configuration problem")
    func unknownNames() async throws {
        let workspace = try CLIWorkspace(
            extra: """
                export:
                  salesforce:
                    status: { won: "Closed Won" }
                    rating: { E: Frozen }
                  pipedrive: {}

                """)
        let result = try await workspace.leadmail("run", "--once")
        #expect(result.status == 78, "\(result.stderr)")
        #expect(
            result.stderr.contains("'won' is not a lead status; the statuses are new, contacted"), "\(result.stderr)")
        #expect(result.stderr.contains("'E' is not a rating; the ratings are A, B, C, D"), "\(result.stderr)")
        #expect(result.stderr.contains("export.pipedrive"), "\(result.stderr)")
    }
}
