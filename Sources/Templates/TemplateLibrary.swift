import Mustache

/// The checked set of reply templates in one folder: chooses the template for an enquiry and renders it.
///
/// A library only exists once every file in the folder passed the checks, so rendering cannot hit a typo.
/// Reload it through ``TemplateCatalog`` to pick up marketing's edits without taking a broken folder.
public struct TemplateLibrary: Sendable {
    /// The folder the templates were loaded from, as given to ``load(directory:)``.
    public let directory: String
    /// Every reply template in the folder, sorted by name.
    public let templates: [ReplyTemplate]

    let compiled: [String: CompiledReply]
    /// Partials for subjects and text bodies, rendering values without HTML escaping.
    let textPartials: MustacheLibrary
    /// Partials for HTML bodies, preferring `name.html.mustache` over `name.mustache`.
    let htmlPartials: MustacheLibrary

    /// Most specific first: a template naming this source AND campaign, then one naming the source (without
    /// campaigns), then `default`. nil only when there is no default (load rejects that anyway).
    public func choose(source: String, campaign: String?) -> ReplyTemplate? {
        let forSource = templates.filter { $0.answers(source: source) }
        if let campaign, let match = forSource.first(where: { $0.answers(campaign: campaign) }) {
            return match
        }
        if let match = forSource.first(where: { $0.campaigns.isEmpty }) {
            return match
        }
        return templates.first { $0.name == ReplyTemplate.defaultName }
    }
}
