import Foundation

/// A fresh, empty directory under the system's temporary directory, removed with everything in it on deinit.
///
/// Keep the value alive for as long as the test uses the directory:
/// `let directory = try TemporaryDirectory(); let inbox = Maildir(path: directory.path + "/inbox")`.
public final class TemporaryDirectory: Sendable {
    /// The directory's absolute path, without a trailing slash.
    public let path: String

    /// Creates the directory; `prefix` shows up in its name to help when a test leaves one behind.
    /// - Parameter parent: where to create it; the system's temporary directory when nil.
    public init(prefix: String = "leadmail-test", in parent: String? = nil) throws {
        let base = parent ?? NSTemporaryDirectory()
        let template = (base as NSString).appendingPathComponent("\(prefix).XXXXXX")
        var buffer = Array(template.utf8CString)
        guard mkdtemp(&buffer) != nil else {
            let reason = String(cString: strerror(errno))
            throw TemporaryDirectoryError(message: "mkdtemp(\(template)) failed: \(reason)")
        }
        path = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A path inside the directory (nothing is created).
    public func appending(_ component: String) -> String {
        path + "/" + component
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Thrown when the temporary directory cannot be created (the message says why).
public struct TemporaryDirectoryError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message + "; check that the temporary directory is writable" }
}
