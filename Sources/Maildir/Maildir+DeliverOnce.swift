/// Delivery that may be repeated: each message has a name of the caller's choosing, and a name already delivered
/// is not delivered again.
///
/// The outbox maildir uses it so that a reply written just before a crash, and written again when the restarted
/// process retries the row, is still one file; and so that a batch of replies costs one directory fsync, not one
/// each.
extension Maildir {
    /// One message to deliver under `name` (a maildir unique name: no `/`, no `:`).
    public struct NamedMessage: Sendable {
        public var name: String
        public var bytes: [UInt8]

        public init(name: String, bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
        }
    }

    /// What happened to one message of a batch.
    public enum OnceDelivery: Sendable, Hashable {
        /// Written now, at this path.
        case delivered(MaildirMessage)
        /// A message of that name is already in new/ or cur/ (read or not): nothing written.
        case alreadyThere(path: String)
    }

    /// Delivers each message under its name unless that name is already in new/ or cur/ (where a mail client
    /// moves it as `name:2,FLAGS`), with each file fsynced and one fsync of new/ for the batch.
    ///
    /// - Returns: one result per message, in order; a failure leaves that message undelivered (its temporary
    ///   file removed) and does not stop the others.
    public func deliverOnce(_ messages: [NamedMessage]) -> [Result<OnceDelivery, MaildirError>] {
        var results: [Result<OnceDelivery, MaildirError>] = []
        results.reserveCapacity(messages.count)
        var delivered = false
        for message in messages {
            if let existing = deliveredCopy(named: message.name) {
                results.append(.success(.alreadyThere(path: existing)))
                continue
            }
            let temporary = tmpDirectory + "/" + message.name
            let destination = newDirectory + "/" + message.name
            do throws(MaildirError) {
                _ = POSIXFileSystem.remove(temporary)  // left by a crash between write and rename
                try POSIXFileSystem.writeNewFile(temporary, bytes: message.bytes, operation: .deliver)
                if let failure = POSIXFileSystem.move(temporary, to: destination) {
                    _ = POSIXFileSystem.remove(temporary)
                    throw MaildirError(operation: .deliver, path: destination, errorNumber: failure)
                }
                delivered = true
                results.append(.success(.delivered(MaildirMessage(name: message.name, path: destination))))
            } catch {
                results.append(.failure(error))
            }
        }
        if delivered { POSIXFileSystem.syncDirectory(newDirectory) }
        return results
    }

    /// The path of a message named `name` in new/, or in cur/ with the info suffixes mail clients write.
    private func deliveredCopy(named name: String) -> String? {
        let candidates = [newDirectory + "/" + name, curDirectory + "/" + name]
            + ["", "S", "RS", "ST", "FS"].map { curDirectory + "/" + name + ":2," + $0 }
        return candidates.first(where: POSIXFileSystem.exists)
    }
}
