import Testing

@testable import Intake

/// Every problem of leadmail.yml at once, listed top to bottom as they stand in the file.
@Suite("Configuration: problems in the file's order")
struct ConfigurationOrderTests {
    @Test("problems come in line order whatever order the keys are read in")
    func lineOrder() {
        // Mistakes from the bottom of the usual reading order up: web, lifecycle, intake, then the top keys.
        let yaml = """
            web: {listen: "8080"}
            lifecycle: {followUpDays: -1}
            intake: {replyMaxAgeDays: nope}
            pollInterval: soon
            mailbox: inbox
            store: leads.sqlite
            templates: templates
            quarantine: quarantine
            outbox: outbox
            from: "not an address"
            ourAddresses: [sales@acme.example]
            company: {name: Acme}
            colour: blue

            """
        do {
            _ = try ConfigurationLoader(environment: [:]).parse(yaml: yaml, file: "leadmail.yml", baseDirectory: "/srv")
            Issue.record("the configuration has mistakes")
        } catch {
            let lines = error.problems.compactMap(\.line)
            #expect(lines.count >= 4, "\(error)")
            #expect(lines == lines.sorted(), "\(error)")
        }
    }
}
