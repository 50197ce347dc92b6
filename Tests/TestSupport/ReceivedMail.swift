import Foundation

/// One message the test SMTP server accepted, with the envelope it came with.
public struct ReceivedMail: Sendable, Hashable {
    /// The `MAIL FROM` address, without angle brackets.
    public var mailFrom: String
    /// The `RCPT TO` addresses the server accepted, in order.
    public var rcptTos: [String]
    /// The DATA bytes as the server stored them: dot-unstuffed, CRLF line endings.
    public var data: [UInt8]
    /// The client's source port; equal for messages sent over one reused connection.
    public var peerPort: Int?
    /// The SASL mechanism the client logged in with (`PLAIN`, `LOGIN`), nil when it did not log in.
    public var authMechanism: String?
    /// The name the client gave in HELO/EHLO.
    public var helo: String?

    public init(
        mailFrom: String, rcptTos: [String], data: [UInt8], peerPort: Int? = nil, authMechanism: String? = nil,
        helo: String? = nil
    ) {
        self.helo = helo
        self.mailFrom = mailFrom
        self.rcptTos = rcptTos
        self.data = data
        self.peerPort = peerPort
        self.authMechanism = authMechanism
    }

    /// The first header field of that name (case-insensitive), unfolded and trimmed; not MIME-decoded, so tests
    /// see exactly what was sent.
    public func header(_ name: String) -> String? {
        headers(name).first
    }

    /// Every header field of that name, in order, unfolded and trimmed.
    public func headers(_ name: String) -> [String] {
        var values: [String] = []
        var current: (name: String, value: String)?
        func flush() {
            if let field = current, field.name.caseInsensitiveCompare(name) == .orderedSame {
                values.append(field.value.trimmingCharacters(in: .whitespaces))
            }
            current = nil
        }
        for rawLine in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let bytes = rawLine.last == 0x0D ? rawLine.dropLast() : rawLine
            let line = String(decoding: bytes, as: UTF8.self)
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t" {
                current?.value += line
                continue
            }
            flush()
            guard let colon = line.firstIndex(of: ":") else { continue }
            current = (
                String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                String(line[line.index(after: colon)...])
            )
        }
        flush()
        return values
    }

    /// The body: everything after the first empty line.
    public var body: [UInt8] {
        for index in data.indices where data[index] == 0x0A {
            let next = index + 1
            if next < data.count && data[next] == 0x0A { return Array(data[(next + 1)...]) }
            if next + 1 < data.count && data[next] == 0x0D && data[next + 1] == 0x0A {
                return Array(data[(next + 2)...])
            }
        }
        return []
    }
}
