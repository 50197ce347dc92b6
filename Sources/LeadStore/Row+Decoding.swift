import GRDB

/// Reading rows into the store's value types while the statement is still on them.
///
/// GRDB's `Row.fetchAll` and `Row.fetchOne` copy each row first, and a copied row finds a column by name by
/// lowercasing every column name it has, on every access: decoding one `SELECT * FROM leads` row (over thirty
/// columns) that way lowercases about a thousand strings, on intake's path. A cursor's row looks names up in a
/// table built once per query. `decode` must turn the row into values and not keep it: the row changes as the
/// cursor moves on. It may run other statements, but not `statement` itself.
extension Row {
    /// Every row of `statement`, each turned into a value by `decode`.
    static func decodeAll<Value>(
        _ statement: Statement, arguments: StatementArguments = StatementArguments(),
        _ decode: (Row) throws -> Value
    ) throws -> [Value] {
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        var values: [Value] = []
        while let row = try rows.next() { values.append(try decode(row)) }
        return values
    }

    /// The first row of `statement` turned into a value by `decode`, or nil when there is none.
    static func decodeFirst<Value>(
        _ statement: Statement, arguments: StatementArguments = StatementArguments(),
        _ decode: (Row) throws -> Value
    ) throws -> Value? {
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        return try withExtendedLifetime(rows) { try rows.next().map(decode) }
    }
}
