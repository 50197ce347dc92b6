import Foundation
import Yams

/// The `web` key: `listen` as host:port, `baseURL` as an http(s) address.
extension NodeReader {
    mutating func webSettings(_ node: Node?) -> WebSettings? {
        guard let node else { return nil }
        guard let mapping = node.mapping else {
            problem(
                "web", node,
                "must be a mapping, e.g. {listen: \"127.0.0.1:8080\", baseURL: \"https://leads.example.com\"}")
            return nil
        }
        rejectUnknownKeys(mapping, allowed: ["listen", "baseURL"], path: "web")
        var settings = WebSettings()
        if let listen = string(mapping, "listen", path: "web.listen") {
            let parts = listen.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count >= 2, let port = Int(parts.last!), (0...65535).contains(port),
                !parts.dropLast().joined(separator: ":").isEmpty
            {
                settings.host = parts.dropLast().joined(separator: ":")
                    .trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                settings.port = port
            } else {
                problem("web.listen", mapping["listen"], "'\(listen)' is not host:port; write e.g. 127.0.0.1:8080")
            }
        }
        if let url = string(mapping, "baseURL", path: "web.baseURL") {
            let lower = url.lowercased()
            if (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && url.count > 8 {
                settings.baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
            } else {
                problem(
                    "web.baseURL", mapping["baseURL"],
                    "'\(url)' is not an http(s) address; write e.g. https://leads.example.com")
            }
        } else {
            settings.baseURL = "http://\(settings.host):\(settings.port)"
        }
        return settings
    }
}
