import Testing

@testable import Templates

@Suite struct NameSuggestionTests {
    @Test(
        "typos, other spellings and longer names lead to the documented variable",
        arguments: [
            ("frstName", "firstName"),
            ("firstname", "firstName"),
            ("first_name", "firstName"),
            ("Email", "email"),
            ("emailAddress", "email"),
            ("leadNumbr", "leadNumber"),
            ("ourWebsit", "ourWebsite"),
            ("enquiryExerpt", "enquiryExcerpt"),
        ])
    func suggestsVariable(typo: String, expected: String) {
        #expect(NameSuggestion.closest(to: typo, among: TemplateContext.variables) == expected)
    }

    @Test("names unlike any variable get no suggestion", arguments: ["shoeSize", "x", "budget", ""])
    func suggestsNothing(name: String) {
        #expect(NameSuggestion.closest(to: name, among: TemplateContext.variables) == nil)
    }

    @Test(
        "edit distance counts insertions, deletions and substitutions",
        arguments: [
            ("subjet", "subject", 1), ("kitten", "sitting", 3), ("", "abc", 3), ("same", "same", 0),
        ])
    func measuresDistance(left: String, right: String, distance: Int) {
        #expect(NameSuggestion.editDistance(left, right) == distance)
    }
}
