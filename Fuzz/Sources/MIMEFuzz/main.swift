#if canImport(Glibc)
import Glibc
#endif
import MIME

/// One input: the whole message, parsed with the limits LeadMail's intake uses (`ParseLimits.intake`), and
/// every derived field touched, so that a crash, a hang or a quadratic blow-up anywhere in `MessageParser` or
/// `MessageReading` shows up as it would in production; then the reply side: a reply to the sender, with the
/// message's subject, name and ids, rendered, so that no header line of it exceeds 998 bytes.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let parser = MessageParser(limits: .intake)
    guard let message = try? parser.parse(bytes) else { return 0 }
    _ = try? MessageReading(message).jsonLine()
    // Intake answers only an address that passed `EmailAddress.checked`, which allows at most 254 bytes.
    if let sender = message.from.first, sender.address.utf8.count <= 254 {
        let reply = OutgoingMessage(
            from: MailAddress(name: "Acme Sales", address: "sales@acme.example"), to: [sender],
            subject: "Re: " + (message.subject ?? ""), text: message.text ?? "",
            inReplyTo: message.messageID, references: message.references)
        var lineLength = 0
        for byte in reply.rendered() {
            lineLength = byte == 0x0A ? 0 : lineLength + 1
            if lineLength > 999 { fatalError("a reply header or body line of more than 998 bytes") }
        }
    }
    return 0
}

/// libFuzzer's driver, called from our own `main` because SwiftPM gives an executable target its entry point.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argc, &argv, { fuzzOne($0, $1) }))
