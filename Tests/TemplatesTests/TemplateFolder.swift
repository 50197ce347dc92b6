import Foundation
import Templates

/// A real templates folder in a temporary directory, removed when the test is done with it.
final class TemplateFolder {
    let path: String

    init() throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("templates-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/partials", withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` to `name` inside the folder (e.g. "web-form.mustache" or "partials/signature.mustache").
    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name))
    }

    func remove(_ name: String) throws {
        try FileManager.default.removeItem(atPath: path + "/" + name)
    }

    /// The folder with a minimal valid default template and signature partial, ready for one more file.
    static func withDefault() throws -> TemplateFolder {
        let folder = try TemplateFolder()
        try folder.write(
            "default.mustache",
            """
            ---
            subject: "Re: {{enquirySubject}}"
            ---
            Hello {{firstName}},

            Thanks for writing to {{ourCompany}}.

            {{> signature}}
            """)
        try folder.write("partials/signature.mustache", "Best regards,\n{{senderName}}\n")
        return folder
    }

    /// The problems `load` reports, as `file:line:column: message` with the folder path cut off.
    func problems() -> [String] {
        do {
            _ = try TemplateLibrary.load(directory: path)
            return []
        } catch {
            return error.problems.map { $0.description.replacingOccurrences(of: path + "/", with: "") }
        }
    }
}
