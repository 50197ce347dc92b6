import Foundation
import Leads
import Testing

@Suite("Scoring by configurable rules")
struct LeadScorerTests {
    let scorer = LeadScorer(rules: ScoringRules(sources: ["trade-show": 15], campaigns: ["expo-2026": 5]))

    func facts(
        email: String = "jane@brightwater.example", text: String = "Please send details.", fields: [FormField] = [],
        phone: String? = nil, company: String? = nil, source: String = "email", campaign: String? = nil,
        repeats: Int = 0
    ) -> ScoreFacts {
        ScoreFacts(
            name: "Jane Okafor", email: email, phone: phone, company: company, source: source,
            campaign: campaign, text: text, fields: fields, repeats: repeats)
    }

    @Test("a CEO scores above a marketing manager above a student")
    func titles() {
        let ceo = scorer.score(facts(fields: [FormField(name: "Job title", value: "CEO")])).total
        let manager = scorer.score(facts(fields: [FormField(name: "Job title", value: "Marketing Manager")])).total
        let student = scorer.score(facts(text: "I am a student writing my thesis on sensors.")).total
        #expect(ceo > manager)
        #expect(manager > student)
    }

    @Test("a company domain scores above a free-mail one")
    func domains() {
        let company = scorer.score(facts())
        let free = scorer.score(facts(email: "jane.okafor@gmail.com"))
        #expect(company.total > free.total)
        #expect(company.lines.contains { $0.reason == "company email domain brightwater.example" })
    }

    @Test("source, campaign, intent words, completeness and repeats each add their points, and explain sums up")
    func everything() {
        let plain = scorer.score(facts()).total
        let rich = scorer.score(
            facts(
                text: "Our budget is approved; the deadline is March. We need 60 units.", phone: "+44 161 496 0753",
                company: "Brightwater Ltd", source: "trade-show", campaign: "expo-2026", repeats: 2))
        let reasons = rich.lines.map(\.reason)
        #expect(reasons.contains("source trade-show"))
        #expect(reasons.contains("campaign expo-2026"))
        #expect(reasons.contains("enquiry mentions 'budget'"))
        #expect(reasons.contains("enquiry mentions 'deadline'"))
        #expect(reasons.contains("2 repeat enquiries"))
        #expect(rich.total == plain + 15 + 5 + 10 + 10 + 5 + 10 + 10 + 20)
        #expect(rich.total == rich.lines.map(\.points).reduce(0, +))
        #expect(rich.text.hasSuffix("total"))
    }

    @Test("words match whole words only: 'ordering' is not 'order', 'student' is not in 'studentship'")
    func wholeWords() {
        let breakdown = scorer.score(facts(text: "Reordering our studentships"))
        #expect(!breakdown.lines.contains { $0.reason.contains("'order'") })
        #expect(!breakdown.lines.contains { $0.reason.contains("student") })
    }
}
