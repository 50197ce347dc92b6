import Testing

@testable import SMTP

@Suite("SMTP payload line endings")
struct SMTPPayloadTests {
    @Test(
        "line endings become CRLF and the message ends with CRLF",
        arguments: [
            ("a\nb\n", "a\r\nb\r\n"),
            ("a\r\nb\r\n", "a\r\nb\r\n"),
            ("a\rb", "a\r\nb\r\n"),
            ("a\n\n.\nb", "a\r\n\r\n.\r\nb\r\n"),
            ("mixed\r\nlf\nend", "mixed\r\nlf\r\nend\r\n"),
            ("", ""),
        ])
    func normalizesLineEndings(input: String, expected: String) {
        #expect(SMTPPayload.normalized(Array(input.utf8)) == Array(expected.utf8))
    }

    @Test(
        "reply codes are read only from well-formed reply lines",
        arguments: [
            ("250 OK", 250), ("550-5.1.1 first line", 550), ("451", 451), ("25O OK", nil), ("5500 x", nil), ("", nil),
        ] as [(String, Int?)])
    func replyCodes(line: String, code: Int?) {
        #expect(CurlTransferState.code(of: line) == code)
    }
}
