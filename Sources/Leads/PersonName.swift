import Foundation
import MIME

/// Small, culture-aware rules for the names people type into From headers and web forms.
public enum PersonName {
    /// Turns "Müller, Hans" into "Hans Müller", trims quotes and spaces, and returns nil for names that are
    /// really an address or empty.
    public static func clean(_ raw: String?) -> String? {
        guard var name = raw?.trimmingSpacesAndNewlines(), !name.isEmpty else { return nil }
        name = name.trimmingScalars(in: "\"'")
            .trimmingSpaces()
        if name.utf8Contains("@") { return nil }
        let commaParts = name.split(separator: ",", omittingEmptySubsequences: true)
        if commaParts.count == 2 {
            let last = commaParts[0].trimmingSpaces()
            let first = commaParts[1].trimmingSpaces()
            if !last.utf8Contains(" ") || !first.isEmpty { name = "\(first) \(last)" }
        }
        let collapsed = name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }

    /// The given name for a greeting: the first word of a cleaned name, skipping titles such as "Dr." or "Mr".
    public static func firstName(of name: String) -> String? {
        let titles: Set<String> = ["mr", "mrs", "ms", "miss", "dr", "prof", "herr", "frau", "m", "mme", "sr", "sra"]
        let words = name.split(whereSeparator: \.isWhitespace).map(String.init)
        let first = words.first { !titles.contains($0.lowercased().trimmingScalars(in: ".")) }
        return first ?? words.first
    }
}
