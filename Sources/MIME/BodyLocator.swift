/// Chooses which parts of a MIME tree are the body text, the HTML and the attachments, by path of child
/// indexes. Embedded messages are not searched: their bodies belong to the forwarded message.
enum BodyLocator {
    /// The first non-attachment text/plain found depth-first; inside a multipart/alternative the text/plain
    /// alternative is preferred over any other branch.
    static func textPart(in root: MIMEPart) -> [Int]? {
        find(in: root, path: []) { $0.contentType.mimeType == "text/plain" && !$0.isAttachment }
    }

    /// The first non-attachment text/html found depth-first.
    static func htmlPart(in root: MIMEPart) -> [Int]? {
        find(in: root, path: []) { $0.contentType.mimeType == "text/html" && !$0.isAttachment }
    }

    private static func find(in part: MIMEPart, path: [Int], where matches: (MIMEPart) -> Bool) -> [Int]? {
        if part.contentType.type == "multipart" {
            if part.contentType.subtype == "alternative" {
                // A direct text/plain child first, whatever order the sender used.
                if let index = part.parts.firstIndex(where: matches) { return path + [index] }
            }
            for (index, child) in part.parts.enumerated() {
                if let found = find(in: child, path: path + [index], where: matches) { return found }
            }
            return nil
        }
        return matches(part) ? path : nil
    }

    /// Leaf parts other than the chosen bodies, plus message/rfc822 parts (content = the raw message).
    static func attachments(in root: MIMEPart, excluding bodies: [[Int]]) -> [Attachment] {
        var result: [Attachment] = []
        collect(root, path: [], excluding: bodies, into: &result)
        return result
    }

    private static func collect(
        _ part: MIMEPart, path: [Int], excluding bodies: [[Int]], into result: inout [Attachment]
    ) {
        if part.contentType.type == "multipart" {
            for (index, child) in part.parts.enumerated() {
                collect(child, path: path + [index], excluding: bodies, into: &result)
            }
            return
        }
        guard !bodies.contains(path) else { return }
        result.append(Attachment(contentType: part.contentType, filename: part.filename, body: part.storedBody))
    }
}
