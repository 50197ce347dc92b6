import Foundation
import Templates
import Testing

/// `TemplateEditor.check` reads the folder in place with the proposed text instead of copying it per check
/// (the browser's editor checks as marketing types): the same problems as loading a folder holding the text.
@Suite("Checking an edit in place, as one types")
struct TemplateCheckInPlaceTests {
    static let broken = """
        ---
        subject: "Re: {{enquirySubject}}"
        sources: [web-form]
        ---
        Hello {{frstName}},
        {{#company}}for {{company}}{{/compny}}
        {{> signatur}}
        """

    @Test("the problems and their places are those of a folder that holds the text; nothing is written or copied")
    func sameAsLoading() throws {
        let folder = try TemplateFolder.withDefault()
        let editor = TemplateEditor(directory: folder.path)
        let checked = try editor.check("web-form.mustache", text: Self.broken)
        try Self.broken.write(toFile: folder.path + "/web-form.mustache", atomically: true, encoding: .utf8)
        let loaded = folder.problems()
        #expect(checked.count >= 3)
        #expect(checked.map(\.description) == loaded, "check: \(checked)\nload: \(loaded)")
        try FileManager.default.removeItem(atPath: folder.path + "/web-form.mustache")
        let scratch = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
            .filter { $0.hasPrefix("leadmail-template-check-") }
        _ = try editor.check("web-form.mustache", text: Self.broken)
        let after = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
            .filter { $0.hasPrefix("leadmail-template-check-") }
        #expect(after == scratch, "no scratch copy of the folder")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/web-form.mustache"))
    }

    @Test("an edit of an existing file replaces it; a new partial is seen by the templates that use it")
    func replacesAndAdds() throws {
        let folder = try TemplateFolder.withDefault()
        let editor = TemplateEditor(directory: folder.path)
        let original = try editor.text(of: "default.mustache")
        #expect(try editor.check("default.mustache", text: original).isEmpty)
        let broken = original + "\n{{nme}}\n"
        #expect(
            try editor.check("default.mustache", text: broken).first?.message.contains("unknown variable 'nme'") == true
        )
        #expect(try editor.text(of: "default.mustache") == original)
        let usesPartial = "---\nsubject: Hello\nsources: [web-form]\n---\nHi\n{{> greeting}}\n"
        #expect(try editor.check("web-form.mustache", text: usesPartial).contains { $0.message.contains("greeting") })
        let library = try editor.library(with: "partials/greeting.mustache", text: "Kind regards")
        #expect(library.templates.map(\.name).contains("default"))
    }
}
