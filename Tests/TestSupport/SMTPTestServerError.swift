/// Why the test SMTP server could not start or did not deliver what a test waited for.
///
/// Tests must fail (not skip) with this, so a machine without python3/aiosmtpd is noticed.
public struct SMTPTestServerError: Error, CustomStringConvertible, Sendable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
