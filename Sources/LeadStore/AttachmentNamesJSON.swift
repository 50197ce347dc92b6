import Foundation
import Leads

/// How both stores keep a message's attachment names in `communications.attachments`: a JSON array of
/// `{name, size, contentType}`, NULL for a message without files.
public enum AttachmentNamesJSON {
    public static func encode(_ attachments: [Communication.Attachment]) -> String? {
        guard !attachments.isEmpty, let data = try? JSONEncoder().encode(attachments) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The names kept for a message; none for NULL or a value this version cannot read.
    public static func decode(_ text: String?) -> [Communication.Attachment] {
        guard let text, !text.isEmpty else { return [] }
        return (try? JSONDecoder().decode([Communication.Attachment].self, from: Data(text.utf8))) ?? []
    }
}
