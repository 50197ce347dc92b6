/// Realistic outgoing messages, as bytes, for the SMTP tests (built by hand: MIME's composer is not used here).
enum SMTPFixtures {
    /// A LeadMail-style reply with CRLF endings, quoted-printable UTF-8 and a line that starts with a dot,
    /// which SMTP must dot-stuff on the wire and the server must unstuff.
    static let replyCRLF: [UInt8] = Array(
        """
        From: LeadMail Sales <sales@leadmail.example>\r
        To: Anna Berg <anna.berg@gmail.com>\r
        Subject: =?UTF-8?Q?Re=3A_Angebot_f=C3=BCr_40_Arbeitspl=C3=A4tze?=\r
        Date: Mon, 23 Nov 2026 18:20:00 +0000\r
        Message-ID: <reply.7f3a2c@leadmail.example>\r
        In-Reply-To: <CAF=x8Zk1Q9w+Lr2@mail.gmail.com>\r
        References: <CAF=x8Zk1Q9w+Lr2@mail.gmail.com>\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=UTF-8\r
        Content-Transfer-Encoding: quoted-printable\r
        \r
        Hallo Anna,\r
        \r
        vielen Dank f=C3=BCr Ihre Anfrage.\r
        .this line starts with a dot\r
        ..and this one with two\r
        .\r
        Beste Gr=C3=BC=C3=9Fe\r

        """.utf8)

    /// An Outlook-style message with bare LF endings (as read back from a maildir), 8-bit UTF-8 and a folded
    /// header; SMTP needs CRLF, so the transport must convert.
    static let outlookLF: [UInt8] = Array(
        """
        From: "Müller, Jörg" <j.mueller@contoso.example>
        To: sales@leadmail.example
        Subject: Anfrage: Lizenzen =?iso-8859-1?Q?f=FCr?= unser Team
        Thread-Topic: Anfrage
        X-MS-Has-Attach:
        Content-Language: de-DE
        X-MS-Exchange-Organization-AuthAs: Internal
        Received: from AM0PR07MB6177.eurprd07.prod.outlook.com ([fe80::5d2c:8b1:e3a:c9b2])
         by AM0PR07MB6177.eurprd07.prod.outlook.com; Mon, 23 Nov 2026 17:02:11 +0000
        MIME-Version: 1.0
        Content-Type: text/plain; charset="utf-8"
        Content-Transfer-Encoding: 8bit

        Guten Tag, wir brauchen 25 Lizenzen – bitte um Rückruf.
        .
        Mit freundlichen Grüßen
        """.utf8)

    /// A tiny Thunderbird-style message for the failure tests.
    static let thunderbirdShort: [UInt8] = Array(
        """
        From: Chen Wei <chen.wei@fastmail.example>\r
        To: sales@leadmail.example\r
        Subject: Pricing question\r
        User-Agent: Mozilla Thunderbird\r
        Content-Type: text/plain; charset=UTF-8; format=flowed\r
        \r
        What does the team plan cost per seat?\r

        """.utf8)

    /// `bytes` with every line ending turned into CRLF, the form the SMTP server stores.
    static func withCRLF(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        for byte in bytes {
            if byte == 0x0A && output.last != 0x0D { output.append(0x0D) }
            output.append(byte)
        }
        if output.last != 0x0A { output += [0x0D, 0x0A] }
        return output
    }
}
