/// The template an enquiry gets and the rule that picked it, for the pipeline and `leadmail templates which`.
public struct TemplateChoice: Sendable, Hashable {
    /// Which rule matched, most specific first.
    public enum Rule: String, Sendable, Hashable {
        case sourceCampaignLanguage = "its source, campaign and language"
        case sourceCampaign = "its source and campaign"
        case sourceLanguage = "its source and language"
        case source = "its source"
        case defaultLanguage = "no template claims its source; the default for its language"
        case fallback = "no template claims its source; the default"
        case named = "it was asked for by name"
    }

    public var template: ReplyTemplate
    public var rule: Rule

    public init(template: ReplyTemplate, rule: Rule) {
        self.template = template
        self.rule = rule
    }

    /// "web-form.de: it answers its source and language (source web-form, language de)".
    public func explanation(source: String, campaign: String?, language: String?) -> String {
        var asked = ["source \(source)"]
        if let campaign { asked.append("campaign \(campaign)") }
        asked.append("language \(language ?? "unknown")")
        let how =
            switch rule {
            case .defaultLanguage, .fallback, .named: rule.rawValue
            default: "it answers \(rule.rawValue)"
            }
        return "\(template.name) (\(template.file)): \(how) (\(asked.joined(separator: ", ")))"
    }
}

extension TemplateLibrary {
    /// The most specific template for an enquiry:
    ///
    /// 1. one naming its source, campaign and language; 2. source and campaign (no `languages`);
    /// 3. source and language (no `campaigns`); 4. source alone; 5. the default for its language
    /// (`default.de.mustache`); 6. `default`. A template that names languages never answers other languages,
    /// and one that names campaigns never answers other campaigns.
    public func choose(source: String, campaign: String?, language: String?) -> TemplateChoice? {
        let forSource = templates.filter { $0.answers(source: source) }
        func first(campaign wantsCampaign: Bool, language wantsLanguage: Bool) -> ReplyTemplate? {
            forSource.first { template in
                let campaignFits =
                    wantsCampaign
                    ? campaign.map(template.answers(campaign:)) ?? false : template.campaigns.isEmpty
                let languageFits =
                    wantsLanguage
                    ? language.map(template.answers(language:)) ?? false : template.languages.isEmpty
                return campaignFits && languageFits
            }
        }
        let steps: [(Bool, Bool, TemplateChoice.Rule)] = [
            (true, true, .sourceCampaignLanguage), (true, false, .sourceCampaign),
            (false, true, .sourceLanguage), (false, false, .source),
        ]
        for (wantsCampaign, wantsLanguage, rule) in steps {
            if let match = first(campaign: wantsCampaign, language: wantsLanguage) {
                return TemplateChoice(template: match, rule: rule)
            }
        }
        if let language, let match = templates.first(where: { $0.isDefault && $0.answers(language: language) }) {
            return TemplateChoice(template: match, rule: .defaultLanguage)
        }
        return templates.first { $0.name == ReplyTemplate.defaultName }
            .map { TemplateChoice(template: $0, rule: .fallback) }
    }

    /// The template for a source and campaign when the language is not known.
    public func choose(source: String, campaign: String?) -> ReplyTemplate? {
        choose(source: source, campaign: campaign, language: nil)?.template
    }

    /// The languages the templates offer (their `languages`), sorted.
    public var languages: [String] {
        Array(Set(templates.flatMap(\.languages))).sorted()
    }
}
