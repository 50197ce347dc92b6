import Foundation
import Mustache
import Testing

@testable import Templates

/// LeadMail's own Mustache parser and renderer against swift-mustache, which rendered the replies before it: for
/// generated templates of the subset the checker admits (names, sections, inverted sections, partials, comments,
/// tags alone on their lines, indented partials) and awkward values, both must write the same text.
@Suite struct MustacheEquivalenceTests {
    static let names = ["name", "firstName", "company", "phone", "leadNumber"]
    static let valuePool = [
        "Zoë", "Tom & Jerry", "<b>bold</b>", "O'Brien \"Jr\"", "line one\nline two", "  spaced  ", "漢字 Ünïcode",
        "tab\there", "a\r\nb", "ends with newline\n", "ends with CR LF\r\n", "{{name}}", "50% > 40%",
    ]
    static let textPool = [
        "Hello", " ", "  ", "\t", "\n", "\n", "\n\n", "{", "}", "{ {", "} }", "<p>", "</p>", "é", "e\u{301}",
        "{\u{301}", ",", "Dear", "  \t ", "}}", "x{", "\u{2028}", "\n  ", "\n\t",
    ]

    /// A random piece of template text of the subset; `depth` bounds sections within sections.
    static func template(
        depth: Int, inSection: Bool, partials: [String], isHTML: Bool,
        using generator: inout SystemRandomNumberGenerator
    ) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 1...8, using: &generator) {
            // Tags often stand alone on their lines, with whitespace around them, to exercise those rules.
            let indentation = ["", " ", "  ", "\t"].randomElement(using: &generator)!
            let lineStart = Bool.random(using: &generator) ? "\n" + indentation : ""
            let trailing = ["", " ", "\t "].randomElement(using: &generator)!
            let lineEnd = Bool.random(using: &generator) ? trailing + "\n" : ""
            let name = names.randomElement(using: &generator)!
            switch Int.random(in: 0..<10, using: &generator) {
            case 0...2:
                text += textPool.randomElement(using: &generator)!
            case 3:
                // HTML bodies may not insert values unescaped.
                let spelling =
                    isHTML
                    ? ["{{\(name)}}", "{{ \(name) }}"]
                    : ["{{\(name)}}", "{{ \(name) }}", "{{{\(name)}}}", "{{& \(name)}}"]
                text += lineStart + spelling.randomElement(using: &generator)! + lineEnd
            case 4 where inSection:
                text += lineStart + "{{.}}" + lineEnd
            case 5 where depth > 0, 6 where depth > 0:
                let open = Bool.random(using: &generator) ? "#" : "^"
                let inner = template(
                    depth: depth - 1, inSection: inSection || open == "#", partials: partials,
                    isHTML: isHTML, using: &generator)
                let closeStart =
                    Bool.random(using: &generator)
                    ? "\n" + ["", "  "].randomElement(using: &generator)!
                    : ""
                let closeEnd = Bool.random(using: &generator) ? [" ", ""].randomElement(using: &generator)! + "\n" : ""
                text += lineStart + "{{\(open)\(name)}}" + lineEnd + inner + closeStart + "{{/\(name)}}" + closeEnd
            case 7:
                let comment = ["{{! a note }}", "{{!note}}", "{{! spans\ntwo lines }}"]
                text += lineStart + comment.randomElement(using: &generator)! + lineEnd
            case 8 where !partials.isEmpty:
                let partial = partials.randomElement(using: &generator)!
                text += lineStart + ["{{> \(partial)}}", "{{>\(partial)}}"].randomElement(using: &generator)! + lineEnd
            default:
                text += textPool.randomElement(using: &generator)! + "\n"
            }
        }
        return text
    }

    static func values(using generator: inout SystemRandomNumberGenerator) -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: continue
            case 1: values[name] = ""
            default: values[name] = valuePool.randomElement(using: &generator)!
            }
        }
        return values
    }

    @Test(
        "generated templates render as swift-mustache renders them, as text and as HTML",
        arguments: [MustacheDocument.Escaping.none, .html])
    func rendersAsSwiftMustache(escaping: MustacheDocument.Escaping) throws {
        var generator = SystemRandomNumberGenerator()
        var compared = 0
        let cases = 3_000
        for _ in 0..<cases {
            // The second partial may use the first, as signature partials use a footer.
            let isHTML = escaping == .html
            let first = Self.template(depth: 1, inSection: false, partials: [], isHTML: isHTML, using: &generator)
            let second = Self.template(
                depth: 1, inSection: false, partials: ["first"], isHTML: isHTML,
                using: &generator)
            let text = Self.template(
                depth: 3, inSection: false, partials: ["first", "second"], isHTML: isHTML,
                using: &generator)
            let values = Self.values(using: &generator)
            let parse: (String) throws -> MustacheTemplate =
                escaping == .html
                ? { try MustacheTemplate(string: $0) }
                : { try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + $0) }
            // Text pieces can run into tags (`{` then `{{}}`): only what the checker admits is compared.
            let checks = [(text, ["first", "second"]), (first, []), (second, ["first"])].map { text, partials in
                TemplateTextChecker(partials: Set(partials), isHTML: isHTML).check(text, at: TextLocation(file: "t"))
            }
            guard checks.allSatisfy(\.problems.isEmpty) else { continue }
            // swift-mustache refuses a few texts LeadMail reads (a "{" as the last character); those are not compared.
            guard let theirs = try? parse(text), let theirFirst = try? parse(first),
                let theirSecond = try? parse(second)
            else { continue }
            var library = MustacheLibrary()
            library.register(theirFirst, named: "first")
            library.register(theirSecond, named: "second")
            // Before LeadMail rendered its own templates, empty values were dropped so that sections skip them.
            let expected = theirs.render(values.filter { !$0.value.isEmpty }, library: library)

            let ours = try MustacheParser.parse(text, escaping: escaping)
            let partials = [
                "first": try MustacheParser.parse(first, escaping: escaping),
                "second": try MustacheParser.parse(second, escaping: escaping),
            ]
            let rendered = MustacheRenderer.render(ours, values: values, partials: partials)
            #expect(
                rendered == expected,
                """
                template \(text.debugDescription), first \(first.debugDescription), \
                second \(second.debugDescription), values \(values)
                """)
            compared += 1
            if rendered != expected { break }
        }
        #expect(compared > cases / 2, "only \(compared) of \(cases) generated templates were compared")
    }

    @Test(
        "every shipped template renders as swift-mustache rendered it",
        arguments: [
            [
                "name": "Zoë O'Brien", "firstName": "Zoë", "company": "Smith & Sons <Ltd>", "phone": "+44 20 7946 0958",
                "leadNumber": "L17", "enquirySubject": "Quote \"urgent\"",
                "enquiryExcerpt": "Need <b>IP67</b>\nby Friday",
                "ownerName": "Priya", "ownerEmail": "priya@acme.example", "senderName": "Priya Natarajan",
                "ourCompany": "Acme", "ourWebsite": "https://acme.example", "repeatEnquiry": "yes",
            ],
            ["firstName": "Li", "company": "", "leadNumber": "L2"],
        ])
    func shippedTemplatesRenderAsBefore(values: [String: String]) throws {
        let directory = ShippedTemplatesTests.directory
        let library = try TemplateLibrary.load(directory: directory)
        // The partial libraries as the loader built them for swift-mustache.
        let plainText = { (text: String) in try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + text) }
        var theirText = MustacheLibrary()
        var theirHTML = MustacheLibrary()
        let partialFiles = try FileManager.default.contentsOfDirectory(atPath: directory + "/partials").sorted()
        for file in partialFiles {
            let text = try String(contentsOfFile: directory + "/partials/" + file, encoding: .utf8)
            let name = file.dropSuffix(".mustache")
            theirText.register(try plainText(text), named: name)
            theirHTML.register(try MustacheTemplate(string: text), named: name)
        }
        for file in partialFiles where file.hasSuffix(".html.mustache") {
            let text = try String(contentsOfFile: directory + "/partials/" + file, encoding: .utf8)
            theirHTML.register(try MustacheTemplate(string: text), named: file.dropSuffix(".html.mustache"))
        }
        let nonEmpty = values.filter { !$0.value.isEmpty }
        var compared = 0
        for template in library.templates + library.notifications {
            let compiled = try #require(library.compiled[template.name])
            let file = try String(contentsOfFile: template.file, encoding: .utf8)
            let body = try TemplateFileParts.split(file, file: template.file).body
            let text = try #require(compiled.text)
            #expect(
                MustacheRenderer.render(text, values: values, partials: library.textPartials)
                    == (try plainText(body)).render(nonEmpty, library: theirText), "\(template.file)")
            compared += 1
            guard let html = compiled.html else { continue }
            let htmlFile = template.file.dropSuffix(".mustache") + ".html.mustache"
            let htmlText = try String(contentsOfFile: htmlFile, encoding: .utf8)
            #expect(
                MustacheRenderer.render(html, values: values, partials: library.htmlPartials)
                    == (try MustacheTemplate(string: htmlText)).render(nonEmpty, library: theirHTML), "\(htmlFile)")
            compared += 1
        }
        #expect(compared == 26)
    }

    @Test("a quote or bracket followed by a combining mark is still escaped in HTML, unlike swift-mustache")
    func escapesBytesNotCharacters() throws {
        let document = try MustacheParser.parse("<a title=\"{{name}}\">{{company}}</a>", escaping: .html)
        let values = ["name": "x\"\u{301} onmouseover=alert(1)", "company": "<\u{338}script>"]
        #expect(
            MustacheRenderer.render(document, values: values, partials: [:])
                == "<a title=\"x&quot;\u{301} onmouseover=alert(1)\">&lt;\u{338}script&gt;</a>")
        // swift-mustache escaped by Character: the quote with its mark stayed a quote and ended the attribute.
        let theirs = try MustacheTemplate(string: "<a title=\"{{name}}\">").render(values)
        #expect(theirs == "<a title=\"x\"\u{301} onmouseover=alert(1)\">")
    }
}
