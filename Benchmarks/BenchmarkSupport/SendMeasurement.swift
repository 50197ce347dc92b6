import Foundation
import SMTP

/// Replies per second through CurlSMTPTransport to a relay: the same ~1.8 KB auto-reply, numbered.
public enum SendMeasurement {
    /// One reply of about 1.8 KB to lead `number`.
    public static func reply(_ number: Int) -> [UInt8] {
        let body = String(
            repeating: "Thank you for your enquiry about our cold-room sensors. We will call you today.\n", count: 20)
        return Array(
            """
            From: Acme Sales <sales@acme.example>
            To: Lead \(number) <lead\(number)@customer.example>
            Subject: Re: Your enquiry \(number)
            Date: Mon, 23 Nov 2026 10:00:00 +0000
            Message-ID: <bench-\(number)@acme.example>
            Auto-Submitted: auto-replied
            MIME-Version: 1.0
            Content-Type: text/plain; charset=UTF-8

            \(body)
            """.utf8)
    }

    /// Sends `messages` replies, asking `transportFor` for the transport of each; returns replies per second.
    public static func measure(messages: Int, transportFor: (Int) throws -> CurlSMTPTransport) async throws
        -> Double
    {
        let clock = ContinuousClock()
        let start = clock.now
        for number in 0..<messages {
            let transport = try transportFor(number)
            _ = try await transport.send(
                reply(number),
                envelope: Envelope(
                    sender: "sales@acme.example",
                    recipients: ["lead\(number)@customer.example"])
            ) {}
        }
        return Double(messages) / ((clock.now - start) / .seconds(1))
    }
}
