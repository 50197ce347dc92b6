import Foundation
import Templates
import Testing

@Suite("Editing the templates folder: checked saves, atomic files, versions with their author, hostile names")
struct TemplateEditorTests {
    static let webForm = """
        ---
        subject: "Re: {{enquirySubject}}"
        sources: [web-form]
        ---
        Hello {{firstName}},

        thanks for your request through our website.

        {{> signature}}
        """

    @Test("a good text is saved and becomes a version by its author; the first edit keeps the text it replaced")
    func saveKeepsVersions() throws {
        let folder = try TemplateFolder.withDefault()
        let editor = TemplateEditor(directory: folder.path)
        let first = Date(timeIntervalSince1970: 1_796_620_000)
        try editor.save("web-form.mustache", text: Self.webForm, by: "mia@acme.example", at: first)
        #expect(try editor.text(of: "web-form.mustache") == Self.webForm)
        #expect(try TemplateLibrary.load(directory: folder.path).template(named: "web-form")?.sources == ["web-form"])

        let edited = Self.webForm.replacingOccurrences(of: "thanks for your request", with: "thank you for asking")
        try editor.save("web-form.mustache", text: edited, by: "mia@acme.example", at: first.addingTimeInterval(60))
        let original = try editor.text(of: "default.mustache")
        try editor.save(
            "default.mustache", text: original + "\nP.S. We answer within a day.\n", by: "ola@acme.example",
            at: first.addingTimeInterval(120))

        let versions = try editor.versions(of: "web-form.mustache")
        #expect(versions.map(\.savedBy) == ["mia@acme.example", "mia@acme.example"])
        #expect(versions.first?.savedAt == first.addingTimeInterval(60))
        #expect(try editor.text(of: "web-form.mustache", version: versions[1].id) == Self.webForm)
        let defaults = try editor.versions(of: "default.mustache")
        #expect(defaults.count == 2, "the new text and the one it replaced")
        #expect(defaults.last?.savedBy == "before LeadMail kept versions")
        #expect(try editor.text(of: "default.mustache", version: defaults[1].id) == original)

        try editor.restore(
            "web-form.mustache", version: versions[1].id, by: "ola@acme.example", at: first.addingTimeInterval(180))
        #expect(try editor.text(of: "web-form.mustache") == Self.webForm)
        #expect(try editor.versions(of: "web-form.mustache").first?.savedBy == "ola@acme.example")
        #expect(
            !(try FileManager.default.contentsOfDirectory(atPath: folder.path)).contains { $0.hasPrefix(".leadmail") },
            "no temporary file is left behind")
        #expect(folder.problems().isEmpty, "the history folder is not read as templates")
    }

    @Test("a broken text is refused with the check's file:line:column and nothing is written")
    func brokenTextRefused() throws {
        let folder = try TemplateFolder.withDefault()
        let editor = TemplateEditor(directory: folder.path)
        try editor.save("web-form.mustache", text: Self.webForm, by: "mia@acme.example", at: Date())
        let broken = Self.webForm.replacingOccurrences(of: "{{firstName}}", with: "{{frstName}")
        let problems = try editor.check("web-form.mustache", text: broken)
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { $0.file == "web-form.mustache" }, "\(problems)")
        #expect(problems.first?.line == 5, "the line of {{frstName} in the file: \(problems)")
        #expect(throws: TemplateEditError.problems(problems)) {
            try editor.save("web-form.mustache", text: broken, by: "mia@acme.example", at: Date())
        }
        #expect(try editor.text(of: "web-form.mustache") == Self.webForm, "the last good text stays")
        #expect(try editor.versions(of: "web-form.mustache").count == 1)

        // A check sees the whole folder: a second template claiming the same source is reported too.
        let clash = try editor.check("web-form-2.mustache", text: Self.webForm)
        #expect(clash.contains { $0.message.contains("web-form") }, "\(clash)")
        // Checking writes nothing into the folder.
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/web-form-2.mustache"))
    }

    @Test(
        "a name from a person never leaves the folder",
        arguments: [
            "../leadmail.yml", "/etc/passwd", "partials/../../x.mustache", ".history/x.mustache", "web form.mustache",
            "web-form.txt", "notifications/../default.mustache", ".mustache", "a/b.mustache", "web-form.mustache\n",
        ])
    func hostileNames(_ name: String) throws {
        let folder = try TemplateFolder.withDefault()
        let editor = TemplateEditor(directory: folder.path)
        #expect(throws: TemplateEditError.badName(name)) {
            try editor.save(name, text: Self.webForm, by: "eve@evil.example", at: Date())
        }
        #expect(throws: TemplateEditError.badName(name)) { _ = try editor.versions(of: name) }
    }

    @Test("the files are listed by kind with what each reply answers")
    func listing() throws {
        let folder = try TemplateFolder.withDefault()
        try FileManager.default.createDirectory(
            atPath: folder.path + "/notifications", withIntermediateDirectories: true)
        let editor = TemplateEditor(directory: folder.path)
        try editor.save("web-form.mustache", text: Self.webForm, by: "mia@acme.example", at: Date())
        let files = try editor.files()
        #expect(files.map(\.name) == ["default.mustache", "web-form.mustache", "partials/signature.mustache"])
        #expect(files.first { $0.name == "web-form.mustache" }?.sources == ["web-form"])
        #expect(files.last?.kind == .partial)
    }
}
