/// A country's telephone numbering basics: its calling code and the trunk prefix dialled before national numbers.
///
/// A small, self-contained table for the countries LeadMail's users sell to most (Europe, North America,
/// Australasia and the larger markets of Asia, Latin America and Africa); it is enough to write a number in
/// E.164, not to validate it against each country's numbering plan.
public struct CallingCode: Sendable, Hashable {
    /// ISO 3166-1 alpha-2, upper-case ("GB").
    public var country: String
    /// The calling code without "+" ("44").
    public var code: String
    /// The national trunk prefix dropped in E.164 ("0"; "1" in North America; empty where none, as in Italy,
    /// where the leading 0 belongs to the number).
    public var trunkPrefix: String

    public init(country: String, code: String, trunkPrefix: String) {
        self.country = country
        self.code = code
        self.trunkPrefix = trunkPrefix
    }

    /// The entry for an ISO country code (case-insensitive; "UK" is taken as "GB").
    public static func forCountry(_ country: String) -> CallingCode? {
        let key = country.uppercased() == "UK" ? "GB" : country.uppercased()
        return table.first { $0.country == key }
    }

    /// Every code in the table, longest first, for reading "+44…" and "0044…".
    static let codesLongestFirst: [String] = Set(table.map(\.code)).sorted { $0.count > $1.count }

    /// The table: calling code and trunk prefix per country.
    public static let table: [CallingCode] = [
        .init(country: "US", code: "1", trunkPrefix: "1"), .init(country: "CA", code: "1", trunkPrefix: "1"),
        .init(country: "GB", code: "44", trunkPrefix: "0"), .init(country: "IE", code: "353", trunkPrefix: "0"),
        .init(country: "DE", code: "49", trunkPrefix: "0"), .init(country: "AT", code: "43", trunkPrefix: "0"),
        .init(country: "CH", code: "41", trunkPrefix: "0"), .init(country: "FR", code: "33", trunkPrefix: "0"),
        .init(country: "BE", code: "32", trunkPrefix: "0"), .init(country: "NL", code: "31", trunkPrefix: "0"),
        .init(country: "LU", code: "352", trunkPrefix: ""), .init(country: "ES", code: "34", trunkPrefix: ""),
        .init(country: "PT", code: "351", trunkPrefix: ""), .init(country: "IT", code: "39", trunkPrefix: ""),
        .init(country: "DK", code: "45", trunkPrefix: ""), .init(country: "NO", code: "47", trunkPrefix: ""),
        .init(country: "SE", code: "46", trunkPrefix: "0"), .init(country: "FI", code: "358", trunkPrefix: "0"),
        .init(country: "PL", code: "48", trunkPrefix: ""), .init(country: "CZ", code: "420", trunkPrefix: ""),
        .init(country: "SK", code: "421", trunkPrefix: "0"), .init(country: "HU", code: "36", trunkPrefix: "06"),
        .init(country: "GR", code: "30", trunkPrefix: ""), .init(country: "TR", code: "90", trunkPrefix: "0"),
        .init(country: "RO", code: "40", trunkPrefix: "0"), .init(country: "AU", code: "61", trunkPrefix: "0"),
        .init(country: "NZ", code: "64", trunkPrefix: "0"), .init(country: "JP", code: "81", trunkPrefix: "0"),
        .init(country: "CN", code: "86", trunkPrefix: "0"), .init(country: "IN", code: "91", trunkPrefix: "0"),
        .init(country: "SG", code: "65", trunkPrefix: ""), .init(country: "HK", code: "852", trunkPrefix: ""),
        .init(country: "AE", code: "971", trunkPrefix: "0"), .init(country: "IL", code: "972", trunkPrefix: "0"),
        .init(country: "ZA", code: "27", trunkPrefix: "0"), .init(country: "BR", code: "55", trunkPrefix: "0"),
        .init(country: "MX", code: "52", trunkPrefix: ""), .init(country: "AR", code: "54", trunkPrefix: "0"),
    ]
}
