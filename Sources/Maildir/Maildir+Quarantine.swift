import Foundation

extension Maildir {
    /// Moves a message LeadMail cannot handle into another maildir, byte for byte, with a note saying why.
    ///
    /// The message lands in `quarantine`'s new/ (so any mail client shows it) and the reason is written to
    /// `quarantine/reasons/NAME.txt` with the date and the original path. Works across file systems: when a
    /// rename is impossible the bytes are copied, fsync'ed, and only then the original is removed. The quarantine
    /// maildir is created if needed. Returns the quarantined message.
    @discardableResult
    public func quarantine(
        _ message: MaildirMessage, reason: String, into quarantine: Maildir
    ) throws(MaildirError) -> MaildirMessage {
        try quarantine.create()
        let reasonsDirectory = quarantine.path + "/reasons"
        try POSIXFileSystem.makeDirectory(reasonsDirectory, operation: .quarantine)

        var name = message.uniqueName
        if POSIXFileSystem.exists(quarantine.newDirectory + "/" + name) {
            name = MaildirUniqueName.next()
        }
        let destination = quarantine.newDirectory + "/" + name

        let note = Self.quarantineNote(reason: reason, originalPath: message.path)
        let notePath = reasonsDirectory + "/" + name + ".txt"
        let noteTemporary = reasonsDirectory + "/." + name + ".txt.tmp"
        try POSIXFileSystem.writeNewFile(noteTemporary, bytes: Array(note.utf8), operation: .quarantine)
        if let failure = POSIXFileSystem.move(noteTemporary, to: notePath) {
            _ = POSIXFileSystem.remove(noteTemporary)
            throw MaildirError(operation: .quarantine, path: notePath, errorNumber: failure)
        }

        switch POSIXFileSystem.move(message.path, to: destination) {
        case nil:
            break
        case EXDEV:
            try copyAcrossFileSystems(message, to: destination, through: quarantine)
        case let failure?:
            throw MaildirError(operation: .quarantine, path: message.path, errorNumber: failure)
        }
        POSIXFileSystem.syncDirectory(quarantine.newDirectory)
        POSIXFileSystem.syncDirectory(reasonsDirectory)
        return MaildirMessage(name: name, path: destination)
    }

    /// Copy into the quarantine's tmp/, fsync, rename into new/, then unlink the original.
    private func copyAcrossFileSystems(
        _ message: MaildirMessage, to destination: String, through quarantine: Maildir
    ) throws(MaildirError) {
        let bytes = try POSIXFileSystem.readMessage(message.path, limit: .max - 1, operation: .quarantine)
        let temporary = quarantine.tmpDirectory + "/" + MaildirUniqueName.next()
        try POSIXFileSystem.writeNewFile(temporary, bytes: bytes, operation: .quarantine)
        if let failure = POSIXFileSystem.move(temporary, to: destination) {
            _ = POSIXFileSystem.remove(temporary)
            throw MaildirError(operation: .quarantine, path: destination, errorNumber: failure)
        }
        POSIXFileSystem.syncDirectory(quarantine.newDirectory)
        if let failure = POSIXFileSystem.remove(message.path) {
            throw MaildirError(
                operation: .quarantine, path: message.path, errorNumber: failure,
                detail: "the copy is safe in \(destination) but the original could not be removed"
            )
        }
    }

    static func quarantineNote(reason: String, originalPath: String) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let indentedReason = reason.split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "\n  ")
        return """
            Reason: \(indentedReason)
            Date: \(formatter.string(from: Date()))
            Original-Path: \(originalPath)

            """
    }
}
