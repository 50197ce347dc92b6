import Templates
import Testing

@Suite struct TemplateChoiceTests {
    /// default, a web-form template, a trade-show template and a trade-show template for one campaign.
    static func library() throws -> TemplateLibrary {
        let folder = try TemplateFolder.withDefault()
        try folder.write("web-form.mustache", "---\nsubject: Web\nsources: [web-form, Contact-Page]\n---\nHi\n")
        try folder.write("trade-show.mustache", "---\nsubject: Show\nsources: [trade-show]\n---\nHi\n")
        try folder.write(
            "expo.mustache",
            """
            ---
            subject: Expo
            sources: [trade-show]
            campaigns: [expo-2026, expo-2027]
            autoreply: false
            from: Acme Events <events@acme.example>
            replyTo: booth@acme.example
            ---
            Hi
            """)
        return try TemplateLibrary.load(directory: folder.path)
    }

    @Test(
        "the most specific template wins: source and campaign, then source, then default",
        arguments: [
            ("trade-show", "expo-2026", "expo"),
            ("trade-show", "EXPO-2027", "expo"),
            ("trade-show", "winter-fair", "trade-show"),
            ("trade-show", nil, "trade-show"),
            ("web-form", "expo-2026", "web-form"),
            ("contact-page", nil, "web-form"),
            ("email", nil, "default"),
            ("email", "expo-2026", "default"),
        ] as [(String, String?, String)])
    func choosesMostSpecific(source: String, campaign: String?, expected: String) throws {
        #expect(try Self.library().choose(source: source, campaign: campaign)?.name == expected)
    }

    @Test("a campaign template without a plain one for its source falls back to default for other campaigns")
    func campaignOnlyFallsBackToDefault() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write("webinar.mustache", "---\nsubject: W\nsources: [webinar]\ncampaigns: [spring]\n---\nHi\n")
        let library = try TemplateLibrary.load(directory: folder.path)
        #expect(library.choose(source: "webinar", campaign: "spring")?.name == "webinar")
        #expect(library.choose(source: "webinar", campaign: "autumn")?.name == "default")
        #expect(library.choose(source: "webinar", campaign: nil)?.name == "default")
    }

    @Test("the front matter settings reach the chosen template")
    func readsFrontMatter() throws {
        let library = try Self.library()
        let expo = try #require(library.choose(source: "trade-show", campaign: "expo-2026"))
        #expect(expo.sources == ["trade-show"])
        #expect(expo.campaigns == ["expo-2026", "expo-2027"])
        #expect(expo.autoreply == false)
        #expect(expo.from == "Acme Events <events@acme.example>")
        #expect(expo.replyTo == "booth@acme.example")
        #expect(expo.file.hasSuffix("/expo.mustache"))
        let fallback = try #require(library.choose(source: "email", campaign: nil))
        #expect(fallback.autoreply == true && fallback.from == nil && fallback.sources.isEmpty)
        #expect(library.templates.map(\.name) == ["default", "expo", "trade-show", "web-form"])
    }
}
