import Foundation
import TestSupport
import Testing

/// `leadmail templates which` and `templates preview`, through the real binary on the shipped templates.
@Suite("leadmail templates which / preview", .serialized)
struct TemplatesCommandTests {
    static let webForm = RepositoryPaths.samples + "/new/1794818832.M995030P57721Q1.mx1.acme.example"
    /// Jürgen Müller: German headers and Content-Language, but he wrote in English.
    static let englishWithGermanHeader = RepositoryPaths.samples + "/new/1794841353.M646537P57721Q5.mx1.acme.example"

    @Test("which: the template, the rule and the language evidence")
    func which() async throws {
        let workspace = try CLIWorkspace()
        let form = try await workspace.leadmail("templates", "which", "--message", Self.webForm)
        #expect(form.status == 0, "stderr: \(form.stderr)")
        #expect(form.stdout.contains("source: web-form\n"))
        #expect(form.stdout.contains("language: en: the text reads as English"))
        #expect(form.stdout.contains("template: web-form ("))
        #expect(form.stdout.contains("it answers its source (source web-form, language en)"))

        let juergen = try await workspace.leadmail("templates", "which", "--message", Self.englishWithGermanHeader)
        #expect(juergen.stdout.contains("language: en: the text reads as English"), "\(juergen.stdout)")
        #expect(juergen.stdout.contains("template: email ("))

        let german = workspace.directory.path + "/german.eml"
        try Data(
            """
            From: Anna Vogel <anna.vogel@example.de>\r
            To: sales@acme.example\r
            Subject: Anfrage Drucksensoren\r
            Date: Tue, 03 Mar 2026 09:30:00 +0000\r
            Message-ID: <anfrage-1@example.de>\r
            \r
            Guten Tag, wir benötigen für unsere Anlage zwanzig Drucksensoren. Können Sie uns bitte ein Angebot \r
            schicken? Vielen Dank und freundliche Grüße\r

            """.utf8
        ).write(to: URL(fileURLWithPath: german))
        let de = try await workspace.leadmail("templates", "which", "--message", german)
        #expect(de.stdout.contains("language: de: the text reads as German"), "\(de.stdout)")
        #expect(de.stdout.contains("template: email.de ("))
        #expect(de.stdout.contains("it answers its source and language"))
        // The German reply writes the enquiry's day as German does, whatever the service's locale.
        let preview = try await workspace.leadmail("templates", "preview", "auto", "--message", german)
        #expect(preview.stdout.contains("Ihre E-Mail vom 3. März 2026."), "\(preview.stdout.prefix(900))")

        let bounce = RepositoryPaths.samples + "/new/1794993665.M165026P54524Q2.mx1.acme.example"
        let none = try await workspace.leadmail("templates", "which", "--message", bounce)
        #expect(none.status == 0)
        #expect(none.stdout.contains("reply: none"), "\(none.stdout)")
    }

    @Test("preview prints the reply as its reader sees it: decoded headers and text, no transfer encoding")
    func previewDecoded() async throws {
        let workspace = try CLIWorkspace()
        let result = try await workspace.leadmail("templates", "preview", "auto", "--message", Self.webForm)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.hasPrefix("From: Acme Sales <sales@acme.example>\nTo: "), "\(result.stdout.prefix(300))")
        #expect(result.stdout.contains("Subject: Thanks for your enquiry"))
        #expect(!result.stdout.contains("Content-Transfer-Encoding"), "no wire form")
        #expect(!result.stdout.contains("=\n") && !result.stdout.contains("=C2="), "no quoted-printable")
        #expect(result.stdout.contains("--- HTML ---"))
    }

    @Test("preview --lead names the lead's owner; a notification is addressed to the owner, not the customer")
    func previewNamesOwner() async throws {
        let workspace = try CLIWorkspace(extra: lifecycleYAML)
        try workspace.copySamples()
        let run = try await workspace.leadmail("run", "--once")
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let assign = try await workspace.leadmail("leads", "assign", "L1", "Ben Carter")
        #expect(assign.status == 0, "\(assign.stderr)")
        let reply = try await workspace.leadmail("templates", "preview", "quote-request", "--lead", "L1")
        #expect(reply.status == 0, "stderr: \(reply.stderr)")
        #expect(reply.stdout.contains("Ben Carter will prepare it"), "\(reply.stdout)")
        #expect(!reply.stdout.contains("A member of our sales team will prepare it"))
        let notice = try await workspace.leadmail("templates", "preview", "notifications/new-lead", "--lead", "L1")
        #expect(notice.status == 0, "stderr: \(notice.stderr)")
        let to = notice.stdout.split(separator: "\n").first { $0.hasPrefix("To: ") }
        #expect(to?.contains("ben@acme.example") == true, "\(notice.stdout.prefix(300))")
    }

    @Test("an automatic reply names the owner the rules gave the lead, not 'a member of our sales team'")
    func automaticReplyNamesOwner() async throws {
        let workspace = try CLIWorkspace(extra: lifecycleYAML)
        try workspace.copySamples()
        let run = try await workspace.leadmail("run", "--once")
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let list = try await workspace.leadmail("leads", "list", "--json")
        let leads = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let names = ["anna@acme.example": "Anna Baker", "ben@acme.example": "Ben Carter"]
        var answered = 0
        for lead in leads {
            let number = try #require(lead["number"] as? String)
            let shown = try await workspace.leadmail("leads", "show", number, "--json")
            let detail = try #require(
                try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
            let log = detail["communications"] as? [[String: Any]] ?? []
            for reply in log where reply["kind"] as? String == "autoreply" {
                let text = reply["text"] as? String ?? ""
                // What the shipped templates say when they have no owner to name.
                for fallback in [
                    "A member of our sales team", "one of our engineers", "someone from our sales team",
                    "jemand aus unserem Vertriebsteam", "einer unserer Ingenieure", "Our partner team",
                ] {
                    #expect(!text.contains(fallback), "\(number) has an owner; its reply says: \(text)")
                }
                let owner = try #require(lead["owner"] as? String, "\(number) was answered but has no owner")
                if let name = names[owner], text.contains(name) { answered += 1 }
            }
        }
        #expect(answered >= 3, "the samples hold several answered web-form and quote leads")
    }

    @Test("preview --message prints the exact message with headers; --html writes the HTML part")
    func previewMessage() async throws {
        let workspace = try CLIWorkspace()
        let htmlFile = workspace.directory.path + "/preview.html"
        let result = try await workspace.leadmail(
            "templates", "preview", "auto", "--message", Self.webForm, "--html", htmlFile, "--raw")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let message = result.stdout
        for header in [
            "From: Acme Sales <sales@acme.example>", "To: ", "Subject: Thanks for your enquiry",
            "Auto-Submitted: auto-replied", "X-LeadMail-Template: web-form", "In-Reply-To: <",
            "Content-Type: multipart/alternative",
        ] {
            #expect(message.contains(header), "\(header) in:\n\(message.prefix(1500))")
        }
        #expect(message.contains("hannah.whitfield@brackleyfoods.example"))
        let html = try String(contentsOfFile: htmlFile, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("Hannah"))

        let named = try await workspace.leadmail(
            "templates", "preview", "default.de", "--message", Self.webForm, "--raw")
        #expect(named.status == 0)
        #expect(named.stdout.contains("X-LeadMail-Template: default.de"))

        let unknown = try await workspace.leadmail("templates", "preview", "web-from", "--message", Self.webForm)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("There is no template 'web-from'"))
        let both = try await workspace.leadmail("templates", "preview", "auto")
        #expect(both.status != 0 && both.stderr.contains("Give either --lead ID or --message FILE."))
    }

    @Test("preview --lead renders for a recorded lead, threaded to its first enquiry")
    func previewLead() async throws {
        let workspace = try CLIWorkspace()
        try workspace.copySamples()
        let run = try await workspace.leadmail("run", "--once")
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let result = try await workspace.leadmail("templates", "preview", "auto", "--lead", "L1", "--raw")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("X-LeadMail-Lead: L1"))
        #expect(result.stdout.contains("In-Reply-To: <"))
        let missing = try await workspace.leadmail("templates", "preview", "auto", "--lead", "L999")
        #expect(missing.status != 0 && missing.stderr.contains("There is no lead L999"))
    }

    @Test("check warns, with file:line and the names that exist, of single braces, unknown sources and campaigns")
    func checkWarns() async throws {
        let folder = try TemporaryDirectory()
        try FileManager.default.removeItem(atPath: folder.path)
        try FileManager.default.copyItem(atPath: RepositoryPaths.templates, toPath: folder.path)
        try Data(
            "---\nsubject: Your quote\nsources: [quote request]\ncampaigns: [autumn-fair]\n---\nHi {FirstName},\n"
                .utf8
        ).write(to: URL(fileURLWithPath: folder.path + "/offer.mustache"))
        let workspace = try CLIWorkspace()
        var yaml = try String(contentsOfFile: workspace.config, encoding: .utf8)
        yaml = yaml.replacingOccurrences(
            of: "templates: \(RepositoryPaths.templates)", with: "templates: \(folder.path)")
        try yaml.write(toFile: workspace.config, atomically: true, encoding: .utf8)
        let result = try await workspace.leadmail("templates", "check")
        #expect(result.status == 0, "warnings do not fail the check: \(result.stdout)")
        #expect(!result.stdout.contains("all good"), "\(result.stdout)")
        let offer = folder.path + "/offer.mustache"
        #expect(result.stdout.contains(offer + ":6:4: '{FirstName}' has single braces"), "\(result.stdout)")
        #expect(result.stdout.contains("write {{firstName}}"))
        #expect(result.stdout.contains(offer + ":3: no source rule produces the source 'quote request'"))
        #expect(result.stdout.contains("quote-request"), "the sources that exist are named")
        #expect(result.stdout.contains(offer + ":4: no source rule sets the campaign 'autumn-fair'"))
        #expect(result.stdout.contains("expo-2026"))
        #expect(result.stdout.contains("3 warnings"))

        let shipped = try await CLIWorkspace().leadmail("templates", "check")
        #expect(shipped.stdout.contains("all good"), "the shipped templates have nothing to warn of: \(shipped.stdout)")
    }

    @Test("check: two templates claiming the same source and language, and a typo, exit 1 with file:line:column")
    func checkFails() async throws {
        let folder = try TemporaryDirectory()
        try FileManager.default.removeItem(atPath: folder.path)
        try FileManager.default.copyItem(atPath: RepositoryPaths.templates, toPath: folder.path)
        try Data("---\nsubject: Hallo\nsources: [web-form]\nlanguages: [de]\n---\nHallo\n".utf8)
            .write(to: URL(fileURLWithPath: folder.path + "/web-form-neu.mustache"))
        try Data("---\nsubject: Hallo {{frstName}}\nsources: [offer]\n---\nHallo\n".utf8)
            .write(to: URL(fileURLWithPath: folder.path + "/offer.mustache"))
        let workspace = try CLIWorkspace()
        var yaml = try String(contentsOfFile: workspace.config, encoding: .utf8)
        yaml = yaml.replacingOccurrences(
            of: "templates: \(RepositoryPaths.templates)", with: "templates: \(folder.path)")
        try yaml.write(toFile: workspace.config, atomically: true, encoding: .utf8)
        let result = try await workspace.leadmail("templates", "check")
        #expect(result.status == 1)
        #expect(
            result.stdout.contains(
                folder.path + "/web-form.de.mustache:4: source 'web-form' with language 'de' "
                    + "is already answered by " + folder.path + "/web-form-neu.mustache"), "\(result.stdout)")
        #expect(result.stdout.contains("offer.mustache:2:16: unknown variable 'frstName'; did you mean 'firstName'?"))
        #expect(result.stdout.contains("2 problems found"))
    }
}
