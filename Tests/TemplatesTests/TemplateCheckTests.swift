import Testing

@testable import Templates

/// Each check reports the mistake at the line (and column) marketing has to look at, counting the front matter.
@Suite struct TemplateCheckTests {
    struct Case: Sendable, CustomStringConvertible {
        var file: String
        var text: String
        var expected: String
        var description: String { expected }
    }

    static let cases: [Case] = [
        Case(
            file: "web-form.mustache",
            text: """
                ---
                subject: Thanks
                sources: [web-form]
                ---
                Hi {{firstName}},
                {{#company}}Nice to hear from {{company}}.
                """,
            expected: "web-form.mustache:6:1: section {{#company}} is never closed; "
                + "add {{/company}} where it should end"),
        Case(
            file: "web-form.mustache",
            text: """
                ---
                subject: Thanks
                sources: [web-form]
                ---
                {{#company}}Hello {{company}}{{/compnay}}
                """,
            expected: "web-form.mustache:5:30: {{/compnay}} does not match the open section {{#company}} "
                + "from line 5; close that one first with {{/company}}"),
        Case(
            file: "web-form.mustache",
            text: """
                ---
                subject: Thanks
                sources: [web-form]
                ---
                Hi {{firstName}},
                Your reference is {{leadNumber
                """, expected: "web-form.mustache:6:19: tag '{{leadNumber' is never closed; end it with '}}'"),
        Case(
            file: "web-form.mustache",
            text: """
                ---
                subject: Thanks
                sources: [web-form]
                ---
                Hi {{\u{2028}firstName}},
                """, expected: "web-form.mustache:5:4: tag '{{' is never closed; end it with '}}'"),
        Case(
            file: "web-form.mustache",
            text: """
                ---
                subject: Thanks
                sources: [web-form]
                ---
                {{^company}}Your company: {{.}}{{/company}}
                """,
            expected: "web-form.mustache:5:27: {{.}} only works inside a section such as "
                + "{{#company}}…{{/company}}"),
        Case(
            file: "web-form.mustache",
            text: """
                ---
                subject: Thanks
                sources: [web-form]
                ---
                Hi {{frstName}},
                """, expected: "web-form.mustache:5:4: unknown variable 'frstName'; did you mean 'firstName'?"),
        Case(
            file: "web-form.mustache",
            text: """
                ---
                subject: Thanks
                sources: [web-form]
                ---
                Hi {{shoeSize}},
                """,
            expected: "web-form.mustache:5:4: unknown variable 'shoeSize'; "
                + "the variables you can use are listed in templates/README.md"),
        Case(
            file: "web-form.mustache",
            text: """
                ---
                subject: "Thanks, {{first_name}}"
                sources: [web-form]
                ---
                Hi.
                """, expected: "web-form.mustache:2:19: unknown variable 'first_name'; did you mean 'firstName'?"),
        Case(
            file: "web-form.mustache",
            text: """
                ---
                subject: Thanks
                sources: [web-form]
                ---
                Hi,

                {{> signatur}}
                """, expected: "web-form.mustache:7:1: partial 'signatur' not found; did you mean 'signature'?"),
        Case(
            file: "web-form.mustache",
            text: """
                ---
                subject: Thanks
                sources: [web-form, email
                ---
                Hi,
                """,
            expected: "web-form.mustache:4:1: the front matter is not valid YAML "
                + "(did not find expected ',' or ']'); check the indentation, quote text that contains ':' or '#', "
                + "and use spaces rather than tabs"),
        Case(
            file: "web-form.mustache",
            text: """
                ---
                subjet: Thanks
                sources: [web-form]
                ---
                Hi,
                """, expected: "web-form.mustache:2:1: unknown key 'subjet'; did you mean 'subject'?"),
        Case(
            file: "web-form.mustache",
            text: """
                ---
                sources: [web-form]
                ---
                Hi,
                """,
            expected: "web-form.mustache:1: the front matter has no 'subject'; "
                + "add a line like: subject: Thanks for getting in touch"),
        Case(
            file: "web-form.mustache",
            text: """
                ---
                subject: Thanks
                ---
                Hi,
                """,
            expected: "web-form.mustache:1: the front matter has no 'sources'; add a line like: "
                + "sources: [web-form] (only default.mustache and language defaults like default.de.mustache may leave it out)"
        ),
        Case(
            file: "web-form.mustache",
            text: """
                ---
                subject: Thanks
                sources: [web-form]
                autoreply: sometimes
                ---
                Hi,
                """, expected: "web-form.mustache:4:12: 'autoreply' must be true or false"),
        Case(
            file: "web-form.mustache",
            text: """
                ---
                subject: Thanks
                sources: [web-form]
                from: sales at acme
                ---
                Hi,
                """,
            expected: "web-form.mustache:4:7: 'from' must be an email address like sales@acme.example "
                + "or 'Acme Sales <sales@acme.example>'"),
        Case(
            file: "web-form.mustache",
            text: """
                Hi {{firstName}},
                """,
            expected: "web-form.mustache:1:1: the file must start with a front matter block: a line '---', "
                + "the settings (subject, sources, …), another line '---', then the reply text"),
        Case(
            file: "web-form.html.mustache",
            text: """
                <p>Hi {{{firstName}}}</p>
                """,
            expected: "web-form.html.mustache:1:1: this HTML body has no web-form.mustache next to it; "
                + "create that file, or make this an HTML-only template by starting it with the settings between "
                + "two '---' lines"),
        Case(
            file: "partials/footer.mustache",
            text: """
                Thanks,
                {{ourCompanyName}}
                """,
            expected: "partials/footer.mustache:2:1: unknown variable 'ourCompanyName'; "
                + "did you mean 'ourCompany'?"),
        Case(
            file: "web-form.mustache",
            text: """
                ---
                subject: Thanks
                sources: [web-form]
                ---
                {{=<% %>=}}
                """,
            expected: "web-form.mustache:5:1: changing the delimiters with {{=…=}} is not supported; "
                + "keep using {{ and }}"),
    ]

    @Test("each mistake is reported once, as file:line:column: message", arguments: cases)
    func reportsMistake(_ testCase: Case) throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write(testCase.file, testCase.text)
        #expect(folder.problems() == [testCase.expected])
    }

    @Test("HTML bodies must not insert values unescaped")
    func rejectsTripleMustacheInHTML() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write("web-form.mustache", "---\nsubject: Hi\nsources: [web-form]\n---\nHi {{firstName}}\n")
        try folder.write("web-form.html.mustache", "<html>\n<p>Hi {{{firstName}}}</p>\n</html>\n")
        #expect(
            folder.problems() == [
                "web-form.html.mustache:2:7: 'firstName' is inserted without HTML escaping, which lets a lead's own "
                    + "text change the email; write {{firstName}} with two braces"
            ])
    }

    @Test("a folder without default.mustache is rejected")
    func requiresDefault() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.remove("default.mustache")
        try folder.write("email.mustache", "---\nsubject: Hi\nsources: [email]\n---\nHi {{firstName}}\n")
        #expect(
            folder.problems() == [
                "default.mustache: there is no default template; create default.mustache, which answers every enquiry "
                    + "no other template claims"
            ])
    }

    @Test("two templates claiming the same source and campaign are both named")
    func rejectsOverlappingClaims() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write("expo.mustache", "---\nsubject: Hi\nsources: [trade-show]\ncampaigns: [expo-2026]\n---\nHi\n")
        try folder.write("fair.mustache", "---\nsubject: Hi\ncampaigns: [Expo-2026]\nsources: [trade-show]\n---\nHi\n")
        let problems = folder.problems()
        #expect(problems.count == 1)
        #expect(
            problems.first?.hasPrefix(
                "fair.mustache:4: source 'trade-show' with campaign 'Expo-2026' is "
                    + "already answered by ") == true)
        #expect(problems.first?.contains("expo.mustache") == true)
    }

    @Test("all problems in the folder are reported together, ordered by file and line")
    func reportsAllProblems() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write("email.mustache", "---\nsubject: Hi {{nme}}\nsources: [email]\n---\n{{#phone}}\n")
        try folder.write("web-form.mustache", "---\nsubject: Hi\nsource: [web-form]\n---\nHi\n")
        let problems = folder.problems()
        #expect(
            problems.map { $0.prefix(while: { $0 != " " }) } == [
                "email.mustache:2:13:", "email.mustache:5:1:", "web-form.mustache:3:1:",
            ])
        #expect(problems.last == "web-form.mustache:3:1: unknown key 'source'; did you mean 'sources'?")
    }

    @Test("Windows line endings and a byte-order mark do not shift the line numbers")
    func handlesWindowsFiles() throws {
        let folder = try TemplateFolder.withDefault()
        let windowsText = "\u{FEFF}---\r\nsubject: Hi\r\nsources: [email]\r\n---\r\nHi\r\n{{compny}}\r\n"
        try folder.write("email.mustache", windowsText)
        #expect(folder.problems() == ["email.mustache:6:1: unknown variable 'compny'; did you mean 'company'?"])
    }

    @Test("what only the parser refuses is still reported at its line: a partial name with a space")
    func reportsParserOnlyProblems() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write("partials/my signature.mustache", "Priya\n")
        try folder.write("email.mustache", "---\nsubject: Hi\nsources: [email]\n---\nHi\n{{> my signature}}\n")
        #expect(
            folder.problems() == [
                "email.mustache:6:8: this tag is not finished; names are letters, digits, '.', '-' and '_', ended by }}"
            ])
    }

    @Test("partials that include each other are reported instead of recursing forever")
    func rejectsPartialLoops() throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write("partials/a.mustache", "A {{> b}}\n")
        try folder.write("partials/b.mustache", "B {{> a}}\n")
        #expect(
            folder.problems() == [
                "partials/a.mustache: partials include each other in a loop (a → b → a); "
                    + "remove one of those {{> …}} tags"
            ])
    }

    @Test(
        "the parser's position is mapped to the file line after the front matter, text or HTML",
        arguments: [false, true])
    func mapsParserErrorPosition(asHTML: Bool) throws {
        let location = TextLocation(file: "templates/email.mustache", firstLine: 5)
        let parsed = TemplateTextChecker.parse("Hi\n{{#company}}\n{{/phone}}\n", asHTML: asHTML, at: location)
        guard case .failure(let problem) = parsed else {
            Issue.record("the mismatched close was not reported")
            return
        }
        #expect(problem.file == "templates/email.mustache")
        #expect(problem.line == 7)
        #expect(problem.column == 4)
        #expect(
            problem.message
                == "{{/phone}} does not match the open section {{#company}}; close that one first with {{/company}}")
    }

    @Test("the checker's parse is the one rendered: plain text unescaped, HTML escaped")
    func checkerKeepsItsParse() throws {
        let location = TextLocation(file: "templates/email.mustache")
        let text = TemplateTextChecker(partials: [], isHTML: false).check("Hi {{name}}\n", at: location)
        let html = TemplateTextChecker(partials: [], isHTML: true).check("<p>Hi {{name}}</p>\n", at: location)
        #expect(text.problems.isEmpty && html.problems.isEmpty)
        let values = ["name": "Tom & Jerry"]
        #expect(
            MustacheRenderer.render(try #require(text.parsed), values: values, partials: [:])
                == "Hi Tom & Jerry\n")
        #expect(
            MustacheRenderer.render(try #require(html.parsed), values: values, partials: [:])
                == "<p>Hi Tom &amp; Jerry</p>\n")
        let broken = TemplateTextChecker(partials: [], isHTML: false).check("Hi {{nme}}\n", at: location)
        #expect(broken.parsed == nil && !broken.problems.isEmpty)
    }
}
