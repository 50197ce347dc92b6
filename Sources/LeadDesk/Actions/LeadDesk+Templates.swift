import Foundation
import Leads
import Templates

/// Marketing's work on the replies: the template files, a check as they type with the messages of
/// `leadmail templates check`, saves that keep who and when, and going back to an earlier version. All of it needs
/// the `templates` right; a save the checks refuse writes nothing, so the service keeps the last good folder.
extension LeadDesk {
    /// The template, notification and partial files with what each reply answers.
    public func templateFiles(by user: User) throws -> [TemplateEditor.File] {
        try editor(for: user).files()
    }

    /// A file's text as it is now.
    public func templateText(_ name: String, by user: User) throws -> String {
        try editor(for: user).text(of: name)
    }

    /// The problems the folder would have with `text` as the file `name`; none means it may be saved.
    public func checkTemplate(_ name: String, text: String, by user: User) throws -> [TemplateProblem] {
        try editor(for: user).check(name, text: text)
    }

    /// Saves `text` as the file `name` when it passes the checks, as a version by `user`.
    /// - Throws: `TemplateEditError.problems` when it does not (nothing written).
    @discardableResult
    public func saveTemplate(_ name: String, text: String, by user: User) throws -> TemplateEditor.Version {
        let version = try editor(for: user).save(name, text: text, by: user.actorName, at: clock())
        workflow.logger.notice("template \(name) saved by \(user.actorName)")
        return version
    }

    /// The file's saved versions, newest first.
    public func templateVersions(_ name: String, by user: User) throws -> [TemplateEditor.Version] {
        try editor(for: user).versions(of: name)
    }

    /// The text of one saved version.
    public func templateText(_ name: String, version id: String, by user: User) throws -> String {
        try editor(for: user).text(of: name, version: id)
    }

    /// Makes an earlier version current again, as a new save by `user` (checked like any other).
    @discardableResult
    public func restoreTemplate(_ name: String, version id: String, by user: User) throws -> TemplateEditor.Version {
        let version = try editor(for: user).restore(name, version: id, by: user.actorName, at: clock())
        workflow.logger.notice("template \(name) restored to \(id) by \(user.actorName)")
        return version
    }

    private func editor(for user: User) throws -> TemplateEditor {
        try permissions.check(.templates, by: user)
        guard let templateEditor else {
            throw TemplateEditError.unreadable("the templates folder (none is configured)")
        }
        return templateEditor
    }
}
