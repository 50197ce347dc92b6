import Foundation
import SMTP
import TestSupport
import Testing

/// `relayAuth: plain|login` forces the SASL mechanism (libcurl's CURLOPT_LOGIN_OPTIONS); the real aiosmtpd
/// relay, which offers both over STARTTLS, records which one the client used.
@Suite("AUTH PLAIN and AUTH LOGIN against a real relay")
struct CurlSMTPTransportAuthMechanismTests {
    typealias Certificate = CurlSMTPTransportTLSTests.SelfSignedCertificate
    static let login = (username: "leadmail", password: "pl@in & l0gin")
    static let envelope = Envelope(sender: "sales@leadmail.example", recipients: ["anna.berg@gmail.com"])

    func relay(_ server: SMTPTestServer, caFile: String, mechanism: SMTPAuthMechanism, password: String)
        throws -> SMTPRelay
    {
        var relay = try SMTPRelay(
            url: "smtp://localhost:\(server.port)", password: password, caFile: caFile,
            connectTimeout: .seconds(5), timeout: .seconds(20), authMechanism: mechanism)
        relay.username = Self.login.username
        relay.requireTLS = true
        return relay
    }

    @Test(
        "the chosen mechanism is the one the relay saw, and the message is accepted",
        arguments: SMTPAuthMechanism.allCases)
    func accepted(mechanism: SMTPAuthMechanism) async throws {
        let certificate = try Certificate()
        let server = try await SMTPTestServer.start(
            login: Self.login, tls: (certificate.certificate, certificate.key))
        defer { server.stop() }
        let transport = CurlSMTPTransport(
            relay: try relay(
                server, caFile: certificate.certificate, mechanism: mechanism, password: Self.login.password))

        let receipt = try await transport.send(SMTPFixtures.replyCRLF, envelope: Self.envelope)
        #expect(receipt.serverReply.hasPrefix("250"))
        let received = try server.received()
        #expect(received.count == 1)
        #expect(received.first?.authMechanism == mechanism.rawValue.uppercased())
    }

    @Test(
        "a wrong password with the chosen mechanism is a configuration error quoting the 535",
        arguments: SMTPAuthMechanism.allCases)
    func wrongPassword(mechanism: SMTPAuthMechanism) async throws {
        let certificate = try Certificate()
        let server = try await SMTPTestServer.start(
            login: Self.login, tls: (certificate.certificate, certificate.key))
        defer { server.stop() }
        let transport = CurlSMTPTransport(
            relay: try relay(
                server, caFile: certificate.certificate, mechanism: mechanism, password: "wrong"))

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(SMTPFixtures.replyCRLF, envelope: Self.envelope)
        }
        #expect(error?.kind == .configuration)
        #expect(error?.serverReply?.hasPrefix("535") == true, "\(String(describing: error))")
        #expect(try server.received().isEmpty)
    }
}
