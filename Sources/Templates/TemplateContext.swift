/// The values a reply template can use, as a flat dictionary of strings.
///
/// The caller (the intake pipeline) fills it from the lead and the configuration; the template checker validates
/// every `{{tag}}` against ``variables``, so the two always agree on the names marketing may write.
public struct TemplateContext: Sendable {
    /// Every variable a template may use, in the order templates/README.md documents them.
    ///
    /// A tag naming anything else is reported by `TemplateLibrary.load` as an unknown variable.
    public static let variables: [String] = [
        "name", "firstName", "email", "phone", "company",
        "source", "campaign", "leadNumber",
        "enquirySubject", "enquiryDate", "enquiryExcerpt",
        "ownerName", "ownerEmail", "ownerPhone",
        "ourCompany", "ourPhone", "ourWebsite", "senderName",
        "repeatEnquiry", "score", "rating", "followUp", "handedOverBy", "leadLink",
    ]

    /// The values by variable name; a missing or empty value renders as nothing and makes `{{#name}}` sections
    /// skip, so templates can write `{{#company}} at {{company}}{{/company}}`.
    public var values: [String: String]

    /// Wraps the values to render a template with; names outside ``variables`` are simply never used.
    public init(_ values: [String: String]) {
        self.values = values
    }
}
