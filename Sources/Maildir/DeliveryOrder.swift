#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// When a message was delivered, read from its maildir name, for taking messages in the order they arrived.
///
/// Names sort by text in inode order within a second (Postfix names its files `time.V<dev>I<inode>M<usec>.host`,
/// Dovecot and LeadMail `time.M<usec>P<pid>….host`), so a reply could be taken before the enquiry it answers.
/// The order is the name's seconds, then its `M` microseconds; a name without them (`time.pid.host`, or a name
/// that is no maildir name at all) falls back on the file's modification time, then the name.
public struct DeliveryOrder: Sendable, Hashable, Comparable {
    /// Seconds since 1970, from the name (or the file time).
    public let seconds: Int64
    /// Microseconds within the second, from the name's `M` field (or the file time); 0 when neither says.
    public let microseconds: Int64
    /// The name, so that two deliveries in the same microsecond still have a stable order.
    public let name: String

    /// The order of `name`, a file in `directory`; the file is looked at only when the name has no microseconds.
    public init(name: String, directory: String) {
        self.name = name
        if let parsed = Self.parse(name) {
            (seconds, microseconds) = parsed
            return
        }
        var status = stat()
        if stat(directory + "/" + name, &status) == 0 {
            seconds = Int64(status.st_mtim.tv_sec)
            microseconds = Int64(status.st_mtim.tv_nsec) / 1_000
        } else {
            (seconds, microseconds) = (Int64.max, 0)
        }
    }

    public static func < (left: DeliveryOrder, right: DeliveryOrder) -> Bool {
        (left.seconds, left.microseconds, left.name) < (right.seconds, right.microseconds, right.name)
    }

    /// `SECONDS.…M<usec>….host` → (seconds, usec); nil without both.
    static func parse(_ name: String) -> (Int64, Int64)? {
        let bytes = name.utf8
        var seconds: Int64 = 0
        var index = bytes.startIndex
        var digits = 0
        while index != bytes.endIndex, let digit = Self.digit(bytes[index]), digits < 18 {
            seconds = seconds * 10 + digit
            digits += 1
            index = bytes.index(after: index)
        }
        guard digits > 0, index != bytes.endIndex, bytes[index] == UInt8(ascii: ".") else { return nil }
        index = bytes.index(after: index)
        // The middle part, up to the next dot: fields as a letter and a number (V, I, M, P, Q, R, …).
        while index != bytes.endIndex, bytes[index] != UInt8(ascii: ".") {
            let letter = bytes[index]
            index = bytes.index(after: index)
            var value: Int64 = 0
            var count = 0
            while index != bytes.endIndex, let digit = Self.digit(bytes[index]), count < 18 {
                value = value * 10 + digit
                count += 1
                index = bytes.index(after: index)
            }
            if letter == UInt8(ascii: "M") && count > 0 && value < 1_000_000 { return (seconds, value) }
            if count == 0 {
                // Not a letter and a decimal number (`time.pid_n.host`, or the hex of Postfix's V and I): skip ahead.
                while index != bytes.endIndex, bytes[index] != UInt8(ascii: "."),
                    !(bytes[index] >= UInt8(ascii: "A") && bytes[index] <= UInt8(ascii: "Z"))
                {
                    index = bytes.index(after: index)
                }
            }
        }
        return nil
    }

    private static func digit(_ byte: UInt8) -> Int64? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int64(byte - UInt8(ascii: "0")) : nil
    }
}
