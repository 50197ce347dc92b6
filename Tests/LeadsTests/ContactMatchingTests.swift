import Testing

@testable import Leads

@Suite("When two addresses are one contact")
struct ContactMatchingTests {
    @Test(
        "case is always folded; +tags and Gmail dots by rule",
        arguments: [
            ("Anna.Schmidt@Example.DE", "anna.schmidt@example.de", ContactMatching.caseOnly, true),
            ("anna+expo@example.de", "anna@example.de", ContactMatching.caseOnly, false),
            ("anna+expo@example.de", "anna@example.de", ContactMatching.default, true),
            ("a.n.na@gmail.com", "anna@googlemail.com", ContactMatching.default, true),
            ("a.n.na@example.com", "anna@example.com", ContactMatching.default, false),
            ("a.n.na@gmail.com", "anna@gmail.com", ContactMatching(stripsPlusTags: true, foldsGmailDots: false), false),
            ("+only@example.com", "@example.com", ContactMatching.default, false),
        ])
    func matching(a: String, b: String, rules: ContactMatching, same: Bool) {
        #expect(rules.matches(a, b) == same)
    }

    @Test("the key is what the store would index")
    func key() {
        #expect(ContactMatching.default.key(for: " <J.Doe+Leads@GoogleMail.com> ") == "jdoe@gmail.com")
    }
}

@Suite("The lead's token in a subject")
struct LeadReferenceTests {
    @Test("formats and finds [#L123]")
    func roundTrip() {
        let reference = LeadReference()
        #expect(reference.token(for: 123) == "[#L123]")
        #expect(reference.tagging("Your enquiry", leadID: 123) == "Your enquiry [#L123]")
        #expect(reference.tagging("Re: Your enquiry [#L123]", leadID: 123) == "Re: Your enquiry [#L123]")
        #expect(reference.leadID(in: "AW: Re: Your enquiry [#L123]") == 123)
        #expect(reference.leadID(in: "Re: [# l77] quote") == 77)
    }

    @Test(
        "a configured prefix, and subjects without a token",
        arguments: [
            ("Re: quote [#ACME-9]", nil), ("Re: quote [#ACME9]", 9), ("[#L12]", nil), ("Re: [#ACME]", nil),
            ("[#ACME12x]", nil), ("first [#ACME1] then [#ACME2]", 2),
        ] as [(String, Int64?)])
    func prefix(subject: String, expected: Int64?) {
        #expect(LeadReference(prefix: "ACME").leadID(in: subject) == expected)
    }
}
