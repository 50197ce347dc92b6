/// The checked set of reply templates in one folder: chooses the template for an enquiry and renders it.
///
/// A library only exists once every file in the folder passed the checks, so rendering cannot hit a typo.
/// Reload it through ``TemplateCatalog`` to pick up marketing's edits without taking a broken folder.
public struct TemplateLibrary: Sendable {
    /// The folder the templates were loaded from, as given to ``load(directory:)``.
    public let directory: String
    /// Every reply template in the folder, sorted by name.
    public let templates: [ReplyTemplate]
    /// The notifications for staff in `notifications/` (e.g. `notifications/new-lead`), sorted by name; they are
    /// never chosen for an enquiry, only asked for by name with ``notification(named:)``.
    public let notifications: [ReplyTemplate]

    let compiled: [String: CompiledReply]
    /// Partials for subjects and text bodies, rendering values without HTML escaping.
    let textPartials: [String: MustacheDocument]
    /// Partials for HTML bodies, preferring `name.html.mustache` over `name.mustache`.
    let htmlPartials: [String: MustacheDocument]

    /// A reply template or notification by name (`web-form`, `notifications/new-lead`).
    public func template(named name: String) -> ReplyTemplate? {
        templates.first { $0.name == name } ?? notifications.first { $0.name == name }
    }

    /// A staff notification by its file stem in `notifications/`, e.g. `new-lead`.
    public func notification(named name: String) -> ReplyTemplate? {
        notifications.first { $0.name == "notifications/" + name }
    }
}
