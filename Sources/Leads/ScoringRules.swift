import Foundation

/// The `scoring` configuration: points for what a lead tells about itself. Every rule is additive except job
/// titles, where the best-scoring title found counts (a "CEO and student" is a CEO).
public struct ScoringRules: Sendable, Hashable {
    /// Job-title keywords and their points, matched as whole words in a title form field or the enquiry.
    public var titles: [Keyword]
    /// Mail domains anyone can sign up to; an address elsewhere is taken as a company address.
    public var freeMailDomains: Set<String>
    public var companyDomain: Int
    public var freeMail: Int
    public var sources: [String: Int]
    public var campaigns: [String: Int]
    /// Words in the enquiry that show intent (budget, deadline, quantities), each counted once.
    public var words: [Keyword]
    /// Points for each contact detail given: `name`, `phone`, `company`.
    public var completeness: [String: Int]
    /// Points for each enquiry after the first on the same lead.
    public var repeatEnquiry: Int
    /// Points for each tracked link in our mail the lead opened (leadmail.yml's `trackingPoints`): counted by the
    /// scorer, so that they stay in the score when the rules score the lead again.
    public var linkClick = 0

    /// A word or phrase and its points.
    public struct Keyword: Sendable, Hashable {
        public var phrase: String
        public var points: Int

        public init(_ phrase: String, _ points: Int) {
            self.phrase = phrase
            self.points = points
        }
    }

    public init(
        titles: [Keyword] = Self.defaultTitles, freeMailDomains: Set<String> = Self.defaultFreeMailDomains,
        companyDomain: Int = 10, freeMail: Int = 0, sources: [String: Int] = [:], campaigns: [String: Int] = [:],
        words: [Keyword] = Self.defaultWords, completeness: [String: Int] = ["name": 5, "phone": 10, "company": 10],
        repeatEnquiry: Int = 10
    ) {
        self.titles = titles
        self.freeMailDomains = freeMailDomains
        self.companyDomain = companyDomain
        self.freeMail = freeMail
        self.sources = sources
        self.campaigns = campaigns
        self.words = words
        self.completeness = completeness
        self.repeatEnquiry = repeatEnquiry
    }

    public static let defaultTitles: [Keyword] = [
        .init("ceo", 30), .init("managing director", 30), .init("owner", 25), .init("founder", 25),
        .init("director", 20), .init("head of", 15), .init("purchasing", 15), .init("buyer", 15),
        .init("manager", 10), .init("engineer", 5), .init("student", -10),
    ]

    public static let defaultWords: [Keyword] = [
        .init("budget", 10), .init("deadline", 10), .init("quote", 10), .init("quotation", 10),
        .init("urgent", 5), .init("units", 5), .init("pieces", 5), .init("order", 5),
    ]

    public static let defaultFreeMailDomains: Set<String> = [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "hotmail.com", "hotmail.co.uk", "outlook.com",
        "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "gmx.de", "gmx.net", "web.de", "mail.com",
        "protonmail.com", "proton.me", "yandex.ru", "mail.ru", "qq.com", "163.com", "orange.fr", "free.fr",
        "btinternet.com", "libero.it",
    ]
}
