/// A store that tells its readers when leads or their logs changed, whoever changed them (another host, a
/// command): PostgreSQL's `LISTEN/NOTIFY`. Open web pages use it to say "this page has changed". SQLite has none
/// (one machine, no server to notify through): there, pages stay as they are until they are loaded again.
///
/// A notification may be lost (a connection that was down): what a reader then shows is still read from the
/// store, never from the notification, which carries nothing but "look again".
public protocol StoreChangeFeed: Sendable {
    /// Yields whenever leads changed; ends when the caller stops iterating.
    func leadChanges() -> AsyncStream<Void>
}
