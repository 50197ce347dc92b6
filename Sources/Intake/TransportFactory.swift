import Foundation
import Maildir
import SMTP

extension LeadMailConfiguration {
    /// The transport the configuration asks for: the relay over libcurl, or the outbox maildir when no relay is set.
    /// - Throws: `TransportError` (configuration) when the relay URL is not usable.
    public func makeTransport() throws(TransportError) -> any MailTransport {
        guard let relay else {
            return FileTransport(maildir: Maildir(path: outbox))
        }
        let settings = try SMTPRelay(
            url: relay.url, password: relay.password, caFile: relay.caFile, allowPlaintext: relay.allowPlaintext,
            connectTimeout: .milliseconds(Int(delivery.relayConnectTimeout * 1000)),
            timeout: .milliseconds(Int(delivery.relayTimeout * 1000)), authMechanism: delivery.relayAuth,
            heloName: relay.heloName ?? HeloName.default(fallbackDomain: from.domain))
        return CurlSMTPTransport(relay: settings)
    }
}
