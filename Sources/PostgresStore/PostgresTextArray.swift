/// A `text[]` parameter (`$1::text[]`), in PostgreSQL's array literal: each element quoted, `"` and `\` escaped.
public struct PostgresTextArray: PostgresBindable {
    public var values: [String]
    public init(_ values: [String]) { self.values = values }

    public var postgresText: String {
        "{"
            + values.map { value in
                "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            }.joined(separator: ",") + "}"
    }
}
