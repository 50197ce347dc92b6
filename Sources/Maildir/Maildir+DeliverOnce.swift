/// Delivery that may be repeated: each message has a name of the caller's choosing, and a name already delivered
/// is not delivered again.
///
/// The outbox maildir uses it so that a reply written just before a crash, and written again when the restarted
/// process retries the row, is still one file; and so that a batch of replies costs two flushes (`syncfs` of the
/// files, fsync of new/), not an fsync per file.
extension Maildir {
    /// One message to deliver under `name` (a maildir unique name: no `/`, no `:`).
    public struct NamedMessage: Sendable {
        public var name: String
        /// Written before `bytes` without joining them (a delivery agent's trace headers before the message).
        public var prefix: [UInt8]
        public var bytes: [UInt8]
        /// False when no earlier delivery under this name can exist (a first attempt): the seven lookups for a
        /// delivered copy and the removal of a stale temporary file, a good part of a drain's time, are skipped.
        public var mayBeThere: Bool

        public init(name: String, prefix: [UInt8] = [], bytes: [UInt8], mayBeThere: Bool = true) {
            self.name = name
            self.prefix = prefix
            self.bytes = bytes
            self.mayBeThere = mayBeThere
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
    /// moves it as `name:2,FLAGS`). All files are written to tmp/, flushed together (`syncfs`; an fsync each
    /// only when that reports an error), then renamed into new/, and new/ is fsynced once: no file is in new/
    /// before its bytes are on disk, as with a delivery of one.
    ///
    /// - Returns: one result per message, in order; a failure leaves that message undelivered (its temporary
    ///   file removed) and does not stop the others.
    public func deliverOnce(_ messages: [NamedMessage]) -> [Result<OnceDelivery, MaildirError>] {
        // Every file to tmp/ first (no fsync yet), then one flush for all, then the renames into new/.
        let staged = messages.map(stage)
        let written = staged.contains { if case .inTmp = $0 { true } else { false } }
        let flushed = written && POSIXFileSystem.syncFileSystem(containing: tmpDirectory)
        let results = zip(messages, staged).map { message, step -> Result<OnceDelivery, MaildirError> in
            switch step {
            case .settled(let result):
                return result
            case .inTmp(let temporary):
                let destination = newDirectory + "/" + message.name
                let failure = flushed ? nil : POSIXFileSystem.syncFile(temporary)
                if let failure = failure ?? POSIXFileSystem.move(temporary, to: destination) {
                    _ = POSIXFileSystem.remove(temporary)
                    return .failure(MaildirError(operation: .deliver, path: destination, errorNumber: failure))
                }
                return .success(.delivered(MaildirMessage(name: message.name, path: destination)))
            }
        }
        if written { POSIXFileSystem.syncDirectory(newDirectory) }
        return results
    }

    /// Where one message of a batch stands after the writing step.
    private enum Staged {
        /// Known already (delivered before), or failed to write.
        case settled(Result<OnceDelivery, MaildirError>)
        /// Written to this file in tmp/, not yet flushed or renamed.
        case inTmp(String)
    }

    private func stage(_ message: NamedMessage) -> Staged {
        let temporary = tmpDirectory + "/" + message.name
        if message.mayBeThere {
            if let existing = deliveredCopy(named: message.name) {
                return .settled(.success(.alreadyThere(path: existing)))
            }
            _ = POSIXFileSystem.remove(temporary)  // left by a crash between write and rename
        }
        do throws(MaildirError) {
            try POSIXFileSystem.writeNewFile(
                temporary, prefix: message.prefix, bytes: message.bytes, synchronize: false, operation: .deliver)
            return .inTmp(temporary)
        } catch {
            return .settled(.failure(error))
        }
    }

    /// The path of a message named `name` in new/, or in cur/ with the info suffixes mail clients write.
    private func deliveredCopy(named name: String) -> String? {
        let candidates =
            [newDirectory + "/" + name, curDirectory + "/" + name]
            + ["", "S", "RS", "ST", "FS"].map { curDirectory + "/" + name + ":2," + $0 }
        return candidates.first(where: POSIXFileSystem.exists)
    }
}
