import Foundation
import Hummingbird

/// The workspace's own stylesheet and script, read once from the module's resources and served with a long
/// cache lifetime.
struct StaticAssets: Sendable {
    let files: [String: (type: String, data: ByteBuffer)]

    static func bundled() throws -> StaticAssets {
        var files: [String: (type: String, data: ByteBuffer)] = [:]
        let scripts = ["app.js", "template-editor.js"].map { ($0, "text/javascript; charset=utf-8") }
        for (name, type) in [("app.css", "text/css; charset=utf-8")] + scripts {
            guard let url = Bundle.module.resourceURL?.appendingPathComponent("static/\(name)"),
                let data = FileManager.default.contents(atPath: url.path)
            else { throw WebSetupError("The web workspace's \(name) is missing from the build (Web's resources).") }
            files[name] = (type, ByteBuffer(bytes: data))
        }
        return StaticAssets(files: files)
    }

    func add(to router: Router<WebContext>) {
        router.get("/static/:file") { _, context in
            let name = try context.parameters.require("file")
            guard let file = files[name] else { throw HTTPError(.notFound) }
            return Response(
                status: .ok, headers: [.contentType: file.type, .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: file.data))
        }
    }
}
