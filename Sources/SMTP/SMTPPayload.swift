/// Prepares message bytes for the SMTP DATA phase.
enum SMTPPayload {
    /// Turns bare LF (and bare CR) line ends into CRLF, as SMTP requires, and makes sure the message ends with
    /// CRLF. Messages read from a maildir usually use LF; libcurl handles dot-stuffing itself.
    static func normalized(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 30 + 2)
        var index = 0
        while index < message.count {
            let byte = message[index]
            if byte == 0x0D {
                output.append(0x0D)
                output.append(0x0A)
                if index + 1 < message.count && message[index + 1] == 0x0A { index += 1 }
            } else if byte == 0x0A {
                output.append(0x0D)
                output.append(0x0A)
            } else {
                output.append(byte)
            }
            index += 1
        }
        if !output.isEmpty && output.last != 0x0A {
            output.append(contentsOf: [0x0D, 0x0A])
        }
        return output
    }
}
