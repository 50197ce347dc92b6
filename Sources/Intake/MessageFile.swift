import Maildir

/// A message file named by a person (`leadmail parse`, `templates preview --message`), read exactly the way
/// intake reads one from the maildir: only a regular file, never a FIFO or device waited on or read without end,
/// and at most the size limit.
public enum MessageFile {
    /// The file's bytes.
    /// - Throws: `MaildirError` saying why the file is not a message that can be read.
    public static func read(atPath path: String) throws -> [UInt8] {
        try Maildir.readMessageFile(atPath: path)
    }
}
