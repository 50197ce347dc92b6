import Foundation
import Templates
import Testing

@Suite struct ShippedTemplatesTests {
    /// The repository's templates/ folder, found from this file: Tests/TemplatesTests/../../templates.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates").path

    @Test("the shipped templates load without problems")
    func loadWithoutProblems() throws {
        let library: TemplateLibrary
        do {
            library = try TemplateLibrary.load(directory: Self.directory)
        } catch {
            Issue.record("shipped templates have problems:\n\(error)")
            return
        }
        let names = library.templates.map(\.name)
        #expect(
            names == [
                "default", "default.de", "email", "email.de", "partner-referral", "quote-request", "trade-show",
                "trade-show.de", "web-form", "web-form.de", "webinar", "webinar.de",
            ])
        #expect(library.notifications.map(\.name) == ["notifications/forwarded-lead", "notifications/new-lead"])
        #expect(library.languages == ["de"])
    }

    @Test(
        "each sample-config source gets its own shipped template",
        arguments: [
            ("web-form", nil, "web-form"),
            ("trade-show", "expo-2026", "trade-show"),
            ("trade-show", "some-other-fair", "default"),
            ("webinar", "spring-webinar", "webinar"),
            ("quote-request", nil, "quote-request"),
            ("partner-referral", nil, "partner-referral"),
            ("email", nil, "email"),
            ("cold-call", nil, "default"),
        ] as [(String, String?, String)])
    func choosesShippedTemplate(source: String, campaign: String?, expected: String) throws {
        let library = try TemplateLibrary.load(directory: Self.directory)
        #expect(library.choose(source: source, campaign: campaign)?.name == expected)
    }

    @Test(
        "a German enquiry gets the German version where there is one, else the German default",
        arguments: [
            ("web-form", nil, "web-form.de"),
            ("trade-show", "expo-2026", "trade-show.de"),
            ("webinar", "spring-webinar", "webinar.de"),
            ("email", nil, "email.de"),
            ("quote-request", nil, "quote-request"),
            ("cold-call", nil, "default.de"),
        ] as [(String, String?, String)])
    func choosesGerman(source: String, campaign: String?, expected: String) throws {
        let library = try TemplateLibrary.load(directory: Self.directory)
        #expect(library.choose(source: source, campaign: campaign, language: "de")?.template.name == expected)
    }

    @Test(
        "every shipped template renders a full reply with every variable set",
        arguments: [
            "default", "default.de", "email", "email.de", "partner-referral", "quote-request", "trade-show",
            "trade-show.de", "web-form", "web-form.de", "webinar", "webinar.de",
        ])
    func rendersEveryTemplate(name: String) throws {
        let library = try TemplateLibrary.load(directory: Self.directory)
        let template = try #require(library.templates.first { $0.name == name })
        #expect(template.hasHTML, "every shipped reply has an HTML version")
        var values: [String: String] = [:]
        for variable in TemplateContext.variables {
            values[variable] = "<\(variable)>"
        }
        let reply = try library.render(template, context: TemplateContext(values))
        #expect(!reply.subject.isEmpty && !reply.subject.contains("\n"))
        #expect(reply.text.contains("<senderName>"))
        #expect(!reply.text.contains("{{") && !reply.text.contains("&lt;"))
        if let html = reply.html {
            #expect(html.contains("&lt;senderName&gt;"))
            #expect(!html.contains("<senderName>") && !html.contains("{{"))
            #expect(
                html.contains("<table") && !html.contains("<img") && !html.contains("<link"),
                "table layout, no external images or stylesheets")
        }
    }
}
