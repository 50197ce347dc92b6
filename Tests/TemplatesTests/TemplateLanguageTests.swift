import Foundation
import Testing

@testable import Templates

@Suite struct TemplateLanguageTests {
    /// default, default.de, web-form, web-form.de, a webinar campaign template and its Spanish version.
    static func library() throws -> TemplateLibrary {
        let folder = try TemplateFolder.withDefault()
        try folder.write("default.de.mustache", "---\nsubject: Danke\nlanguages: [de]\n---\nHallo\n")
        try folder.write("web-form.mustache", "---\nsubject: Web\nsources: [web-form]\n---\nHi\n")
        try folder.write(
            "web-form.de.mustache", "---\nsubject: Web\nsources: [web-form]\nlanguages: [de]\n---\nHallo\n")
        try folder.write("webinar.mustache", "---\nsubject: W\nsources: [webinar]\ncampaigns: [spring]\n---\nHi\n")
        try folder.write(
            "webinar.es.mustache",
            "---\nsubject: W\nsources: [webinar]\ncampaigns: [spring]\nlanguages: [es]\n---\nHola\n")
        try folder.write("webinar-plain.mustache", "---\nsubject: W\nsources: [webinar]\n---\nHi\n")
        try folder.write(
            "webinar-plain.es.mustache", "---\nsubject: W\nsources: [webinar]\nlanguages: [ES]\n---\nHola\n")
        return try TemplateLibrary.load(directory: folder.path)
    }

    @Test(
        "source+campaign+language, then source+campaign, then source+language, then source, then the defaults",
        arguments: [
            ("webinar", "spring", "es", "webinar.es", TemplateChoice.Rule.sourceCampaignLanguage),
            ("webinar", "spring", "de", "webinar", .sourceCampaign),
            ("webinar", "spring", nil, "webinar", .sourceCampaign),
            ("webinar", "autumn", "es", "webinar-plain.es", .sourceLanguage),
            ("webinar", "autumn", "fr", "webinar-plain", .source),
            ("web-form", nil, "de", "web-form.de", .sourceLanguage),
            ("web-form", nil, "en", "web-form", .source),
            ("email", nil, "de", "default.de", .defaultLanguage),
            ("email", nil, "es", "default", .fallback),
            ("email", nil, nil, "default", .fallback),
        ] as [(String, String?, String?, String, TemplateChoice.Rule)])
    func choosesMostSpecific(
        source: String, campaign: String?, language: String?, name: String,
        rule: TemplateChoice.Rule
    ) throws {
        let choice = try #require(try Self.library().choose(source: source, campaign: campaign, language: language))
        #expect(choice.template.name == name)
        #expect(choice.rule == rule)
    }

    @Test("`which` explains the choice in words")
    func explains() throws {
        let choice = try #require(try Self.library().choose(source: "web-form", campaign: nil, language: "de"))
        let text = choice.explanation(source: "web-form", campaign: nil, language: "de")
        #expect(text.hasPrefix("web-form.de ("))
        #expect(text.contains("it answers its source and language (source web-form, language de)"))
        #expect(try Self.library().languages == ["de", "es"])
    }

    @Test("two templates claiming the same source, campaign and language are reported at the second's sources line")
    func sameLanguageClaimedTwice() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write("a.mustache", "---\nsubject: A\nsources: [web-form]\nlanguages: [de, es]\n---\nHi\n")
        try folder.write("b.mustache", "---\nsubject: B\nlanguages: [es]\nsources: [web-form]\n---\nHi\n")
        try folder.write("c.mustache", "---\nsubject: C\nsources: [web-form]\n---\nHi\n")
        try folder.write("default.es.mustache", "---\nsubject: D\nlanguages: [es]\n---\nHola\n")
        try folder.write("default.es2.mustache", "---\nsubject: D\nlanguages: [es]\n---\nHola\n")
        let problems = folder.problems()
        #expect(
            problems.contains {
                $0.hasPrefix("b.mustache:4: source 'web-form' with language 'es' is already answered by ")
            })
        #expect(
            problems.contains { $0.hasPrefix("default.es2.mustache") && $0.contains("the default with language 'es'") })
        #expect(problems.count == 2, "\(problems)")
    }

    @Test("front matter: languages, cc, bcc and delay reach the template and the rendered reply")
    func newSettings() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write(
            "web-form.mustache",
            """
            ---
            subject: Hi
            sources: [web-form]
            languages: [DE]
            cc: [Sales Desk <desk@acme.example>]
            bcc: crm@acme.example
            delay: 15
            ---
            Hallo
            """)
        let library = try TemplateLibrary.load(directory: folder.path)
        let template = try #require(library.template(named: "web-form"))
        #expect(template.languages == ["de"])
        let reply = try library.render(template, context: TemplateContext([:]))
        #expect(reply.cc == ["Sales Desk <desk@acme.example>"])
        #expect(reply.bcc == ["crm@acme.example"])
        #expect(reply.delay == 15)
    }

    @Test(
        "bad values of the new settings are reported at their line, with what to write",
        arguments: [
            (
                "languages: [German]",
                "web-form.mustache:4:12: 'German' in 'languages' is not a language code; write de for German"
            ),
            (
                "languages: [xyz]",
                "web-form.mustache:4:12: 'xyz' in 'languages' is not a language code; write two-letter codes such as en, de, es, fr"
            ),
            (
                "cc: [desk-at-acme]",
                "web-form.mustache:4:5: 'desk-at-acme' in 'cc' is not an email address; write e.g. [boss@acme.example]"
            ),
            (
                "delay: soon",
                "web-form.mustache:4:8: 'delay' must be a number of minutes between 0 and 10080 (one week), like 15"
            ),
            (
                "delay: -5",
                "web-form.mustache:4:8: 'delay' must be a number of minutes between 0 and 10080 (one week), like 15"
            ),
            ("delai: 5", "web-form.mustache:4:1: unknown key 'delai'; did you mean 'delay'?"),
        ])
    func badSettings(line: String, expected: String) throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write("web-form.mustache", "---\nsubject: Hi\nsources: [web-form]\n\(line)\n---\nHallo\n")
        #expect(folder.problems() == [expected])
    }

    @Test("a language default without languages, and one that is fine")
    func languageDefaults() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write("default.de.mustache", "---\nsubject: Danke\n---\nHallo\n")
        #expect(
            folder.problems() == [
                "default.de.mustache:1: a default for one language needs 'languages'; add a line like: languages: [de]"
            ])
    }
}
