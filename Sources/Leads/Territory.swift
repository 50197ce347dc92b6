import Foundation
import MIME

/// The country a lead is in, from what it told us: a form field first, then the phone's international prefix,
/// then the email domain's country code.
public enum Territory {
    /// An ISO 3166 code such as `GB`, or nil when nothing tells.
    public static func country(fields: [FormField], phone: String?, email: String) -> String? {
        if let field = fields.first(where: { ["country", "land", "pays", "país"].contains($0.name.lowercased()) }),
            let code = code(forCountry: field.value)
        {
            return code
        }
        if let phone, let code = code(forPhone: phone) { return code }
        return code(forDomain: email)
    }

    static let prefixes: [(String, String)] = [
        ("1", "US"), ("7", "RU"), ("20", "EG"), ("27", "ZA"), ("30", "GR"), ("31", "NL"), ("32", "BE"),
        ("33", "FR"), ("34", "ES"), ("36", "HU"), ("39", "IT"), ("40", "RO"), ("41", "CH"), ("43", "AT"),
        ("44", "GB"), ("45", "DK"), ("46", "SE"), ("47", "NO"), ("48", "PL"), ("49", "DE"), ("52", "MX"),
        ("55", "BR"), ("61", "AU"), ("64", "NZ"), ("65", "SG"), ("81", "JP"), ("82", "KR"), ("86", "CN"),
        ("90", "TR"), ("91", "IN"), ("351", "PT"), ("352", "LU"), ("353", "IE"), ("358", "FI"), ("420", "CZ"),
        ("971", "AE"), ("972", "IL"),
    ]

    /// `+44 20 …` or `0044 20 …`; a national number (`020 …`) tells nothing.
    public static func code(forPhone phone: String) -> String? {
        let trimmed = phone.trimmingSpaces()
        let digits = trimmed.filter(\.isNumber)
        let international: Substring
        if trimmed.hasPrefix("+") {
            international = Substring(digits)
        } else if digits.hasPrefix("00") {
            international = digits.dropFirst(2)
        } else {
            return nil
        }
        return prefixes.filter { international.hasPrefix($0.0) }.max { $0.0.count < $1.0.count }?.1
    }

    /// The domain's last label when it is a country code (`.uk` is GB); nil for .com, .org and friends.
    public static func code(forDomain email: String) -> String? {
        guard let label = email.split(separator: ".").last?.lowercased(), label.count == 2,
            label.allSatisfy(\.isLetter)
        else { return nil }
        return label == "uk" ? "GB" : label.uppercased()
    }

    static let names: [String: String] = [
        "united kingdom": "GB", "uk": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
        "wales": "GB", "ireland": "IE", "germany": "DE", "deutschland": "DE", "france": "FR", "spain": "ES",
        "españa": "ES", "italy": "IT", "netherlands": "NL", "belgium": "BE", "switzerland": "CH", "austria": "AT",
        "united states": "US", "usa": "US", "canada": "CA", "australia": "AU", "poland": "PL", "sweden": "SE",
        "denmark": "DK", "norway": "NO", "finland": "FI", "portugal": "PT", "japan": "JP", "china": "CN",
        "india": "IN",
    ]

    /// A country name as people type it, or a two-letter code.
    public static func code(forCountry text: String) -> String? {
        let key = text.trimmingSpaces().lowercased()
        if let code = names[key] { return code }
        return key.count == 2 && key.allSatisfy(\.isLetter) ? key.uppercased() : nil
    }
}
