import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The workspace's pages: Mustache templates from the module's own `templates` folder (not the reply
/// templates), every `{{value}}` HTML-escaped. Each page is `{{> header}}`, its body and `{{> footer}}`.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads the templates shipped with the module.
    public static func bundled() async throws -> PageRenderer {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("templates"),
            FileManager.default.fileExists(atPath: folder.path)
        else {
            throw WebSetupError("The web workspace's templates are missing from the build (Web's resources).")
        }
        return PageRenderer(library: try await MustacheLibrary(directory: folder.path))
    }

    /// The page `name` for `data`, its head and top bar written by `header` (the `header` partial's
    /// `headerHTML`).
    func render(
        _ name: String, _ data: [String: Any], header: PageHeaderHTML, status: HTTPResponse.Status = .ok
    ) -> Response {
        var data = data
        data["headerHTML"] = header.html()
        guard let html = library.render(data, withTemplate: name) else {
            return Response(
                status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "The page template '\(name)' is missing.")))
        }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// The workspace cannot start as built or configured; the message says what to fix.
public struct WebSetupError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
