import Templates
import Testing

@Suite struct TemplateCatalogTests {
    @Test("a broken edit is not taken, the last good library keeps serving, and a fixed edit is taken")
    func keepsLastGoodVersion() async throws {
        let folder = try TemplateFolder.withDefault()
        try folder.write("web-form.mustache", "---\nsubject: Version one\nsources: [web-form]\n---\nHi\n")
        let catalog = try TemplateCatalog(directory: folder.path)
        let context = TemplateContext([:])

        try folder.write("web-form.mustache", "---\nsubject: Version two\nsources: [web-form]\n---\n{{#company}}\n")
        let problems = await catalog.reload()
        #expect(problems.map(\.line) == [5])
        var library = await catalog.library
        var template = try #require(library.choose(source: "web-form", campaign: nil))
        #expect(try library.render(template, context: context).subject == "Version one")

        try folder.write("web-form.mustache", "---\nsubject: Version three\nsources: [web-form]\n---\nHi\n")
        #expect(await catalog.reload().isEmpty)
        library = await catalog.library
        template = try #require(library.choose(source: "web-form", campaign: nil))
        #expect(try library.render(template, context: context).subject == "Version three")
    }

    @Test("a catalog cannot start from a broken folder")
    func refusesBrokenStart() throws {
        let folder = try TemplateFolder()
        #expect(throws: TemplateLibraryError.self) { try TemplateCatalog(directory: folder.path) }
    }

    @Test("a folder that does not exist is reported with its path")
    func reportsMissingFolder() {
        do {
            _ = try TemplateLibrary.load(directory: "/nonexistent/leadmail-templates")
            Issue.record("loading a missing folder succeeded")
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.problems.first?.file == "/nonexistent/leadmail-templates")
            #expect(error.description.contains("cannot read this templates folder"))
        }
    }
}
