import Leads

/// The JSON of a lead's kept score matches (`leads.score_matches`), written by hand: the lead rules write it for
/// every lead they score, and `JSONEncoder` took several times as long as the statement that stores it.
///
/// The text is what `JSONDecoder` reads back as `ScoreMatches` (keys in sorted order, as the encoder wrote
/// them); the set elements are sorted by their UTF-8 bytes, so the same matches give the same text in every
/// process. Strings are escaped by `JSONString`.
enum ScoreMatchesJSON {
    static func encode(_ kept: ScoreMatches) -> String {
        var json: [UInt8] = []
        json.reserveCapacity(128)
        json += "{\"enquiries\":\(kept.enquiries),\"matches\":{\"titles\":".utf8
        appendArray(kept.matches.titles, to: &json)
        json += ",\"words\":".utf8
        appendArray(kept.matches.words, to: &json)
        json += "},\"rules\":".utf8
        JSONString.append(kept.rules, to: &json)
        json += ",\"through\":\(kept.through)}".utf8
        return String(decoding: json, as: UTF8.self)
    }

    private static func appendArray(_ values: Set<String>, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "["))
        for (index, value) in values.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            JSONString.append(value, to: &json)
        }
        json.append(UInt8(ascii: "]"))
    }
}
