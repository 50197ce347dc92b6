import GRDB

/// Which maildir files the store has taken (`mailbox_taken`, see `Schema.registerMailboxTaken`).
extension SQLiteLeadStore {
    public func noteTaken(_ names: [String]) throws {
        guard !names.isEmpty else { return }
        try write { db in
            for chunk in stride(from: 0, to: names.count, by: Self.namesPerStatement) {
                let part = Array(names[chunk..<min(chunk + Self.namesPerStatement, names.count)])
                let values = Array(repeating: "(?)", count: part.count).joined(separator: ",")
                try db.execute(
                    sql: "INSERT OR IGNORE INTO mailbox_taken (name) VALUES " + values,
                    arguments: StatementArguments(part))
            }
        }
    }

    public func untaken(_ names: [String]) throws -> [String] {
        guard !names.isEmpty else { return [] }
        var taken = Set<String>()
        try read { db in
            for chunk in stride(from: 0, to: names.count, by: Self.namesPerStatement) {
                let part = Array(names[chunk..<min(chunk + Self.namesPerStatement, names.count)])
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                taken.formUnion(
                    try String.fetchAll(
                        db, sql: "SELECT name FROM mailbox_taken WHERE name IN (" + marks + ")",
                        arguments: StatementArguments(part)))
            }
        }
        return names.filter { !taken.contains($0) }
    }

    /// Below SQLite's default limit of 32,766 bound parameters, and small enough to keep statements cheap.
    private static let namesPerStatement = 500
}
