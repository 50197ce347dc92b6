import Foundation
import LeadStore
import Leads

/// Link tracking (`tracking: true`, off by default): the http(s) links of automatic replies and letters are
/// rewritten to `BASE/t/TOKEN` with a random token stored with the lead and the address; a click is logged on the
/// lead's timeline ("opened …") and may add points to its score (the first click on each link).
public struct LinkTracker: Sendable, Hashable {
    /// The workspace's address (leadmail.yml's `web.baseURL`), without a trailing slash.
    public var baseURL: String
    /// Points the first click on a link adds to the lead's score (0: none).
    public var points: Int

    public init(baseURL: String, points: Int = 0) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.points = points
    }

    /// The text and HTML with their links rewritten, and the links to store with the mail. The same address gets
    /// the same token in both parts; links to the workspace itself and `mailto:` are left alone.
    public func track(text: String, html: String?) -> (text: String, html: String?, links: [TrackedLink]) {
        var links: [TrackedLink] = []
        func token(for url: String, label: String) -> String {
            if let known = links.first(where: { $0.url == url }) { return known.token }
            let token = Self.randomToken()
            links.append(TrackedLink(token: token, url: url, label: String(label.prefix(200))))
            return token
        }
        var trackedHTML = html
        if let html {
            trackedHTML = Self.replace(in: html, pattern: Self.anchor) { match in
                let url = Self.decodeEntities(match[2])
                guard isTrackable(url) else { return match[0] }
                let label = Self.plainText(match[4])
                let shown = label.isEmpty ? url : label
                return match[1] + baseURL + "/t/" + token(for: url, label: shown) + match[3] + match[4] + match[5]
            }
        }
        let trackedText = Self.replace(in: text, pattern: Self.bareURL) { match in
            var url = match[0]
            var trailing = ""
            while let last = url.last, ".,;:!?)]'\"".contains(last) {
                trailing = String(last) + trailing
                url.removeLast()
            }
            guard isTrackable(url) else { return match[0] }
            return baseURL + "/t/" + token(for: url, label: url) + trailing
        }
        return (trackedText, trackedHTML, links)
    }

    private func isTrackable(_ url: String) -> Bool {
        let lower = url.lowercased()
        return (lower.hasPrefix("http://") || lower.hasPrefix("https://")) && !lower.hasPrefix(baseURL.lowercased())
            && url.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F } && url.utf8.count <= 2000
    }

    /// `<a … href="URL" …>TEXT</a>`: groups 1 (up to the address), 2 (the address), 3 (up to the text), 4 (the
    /// text), 5 (`</a>`).
    static let anchor = try! NSRegularExpression(
        pattern: #"(<a\s[^>]*?href\s*=\s*")(https?://[^"]+)("[^>]*>)(.*?)(</a>)"#,
        options: [.caseInsensitive, .dotMatchesLineSeparators])
    static let bareURL = try! NSRegularExpression(
        pattern: #"https?://[^\s<>"]+"#, options: [.caseInsensitive])

    /// Replaces every match with what `make` makes of its groups (0: the whole match).
    private static func replace(in text: String, pattern: NSRegularExpression, make: ([String]) -> String) -> String {
        let whole = text as NSString
        var result = ""
        var last = 0
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: whole.length)) {
            result += whole.substring(with: NSRange(location: last, length: match.range.location - last))
            let groups = (0..<match.numberOfRanges).map { index in
                match.range(at: index).location == NSNotFound ? "" : whole.substring(with: match.range(at: index))
            }
            result += make(groups)
            last = match.range.location + match.range.length
        }
        return result + whole.substring(from: last)
    }

    private static func plainText(_ html: String) -> String {
        let stripped = html.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        return decodeEntities(stripped).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static func decodeEntities(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

extension LeadDesk {
    /// A click on `/t/TOKEN`: the stored address to send the browser to, nil for an unknown token. The click is
    /// logged on the lead as the system ("opened the price list"); the first click on a link adds the tracker's
    /// points to the score. Nobody signs in for this: the token is the only key, and it leads only to its address.
    public func openTrackedLink(_ token: String) async throws -> String? {
        guard token.count == 32, token.allSatisfy(\.isHexDigit) else { return nil }
        let now = clock()
        let points = tracker?.points ?? 0
        return try await records.write { tx -> String? in
            guard let link = try tx.trackedLink(token: token) else { return nil }
            let clicks = try tx.recordClick(token: token, at: now)
            var update = LeadUpdate(leadID: link.leadID, by: LeadEvent.system)
            update.events = [(.note, "opened \(link.label)")]
            if clicks == 1, points != 0, let lifecycle = try tx.lifecycle(leadID: link.leadID) {
                update.score = lifecycle.score + points
                update.events.append((.score, "\(points >= 0 ? "+" : "")\(points) for opening \(link.label)"))
            }
            try tx.apply(update, at: now)
            return link.url
        }
    }

    /// Clicks on tracked links per campaign in `[from, until)`, for the dashboard; needs the `reports` right.
    public func clicksByCampaign(from: Date? = nil, until: Date? = nil, by user: User) async throws
        -> [CampaignClicks]
    {
        try permissions.check(.reports, by: user)
        return try await records.read { tx in try tx.clicksByCampaign(from: from, until: until) }
    }
}
