import Foundation

extension Message {
    /// When the message reached the receiving server: the date of the topmost `Received` field (the one the
    /// last hop, our own MTA, added), after its `;`. Nil without a `Received` field or a readable date there.
    ///
    /// A backfilled export keeps its `Received` fields, so this still says when the mail first arrived after
    /// the file was copied, renamed or delivered again.
    public var receivedDate: Date? {
        guard let received = headers["Received"],
            let semicolon = received.utf8.lastIndex(of: UInt8(ascii: ";"))
        else { return nil }
        return MailDateParser.parse(String(received[received.utf8.index(after: semicolon)...]))
    }
}
