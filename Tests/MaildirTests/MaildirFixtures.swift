/// Realistic inbound messages for the maildir tests, as bytes exactly as an MTA would deliver them.
enum MaildirFixtures {
    /// A Gmail reply with CRLF line endings, a folded header and UTF-8 in the body.
    static let gmailReply: [UInt8] = Array(
        """
        Return-Path: <anna.berg@gmail.com>\r
        Delivered-To: sales@leadmail.example\r
        Received: by mail-ed1-f41.google.com with SMTP id 4fb4d7f45d1cf-5c8\r
                for <sales@leadmail.example>; Mon, 23 Nov 2026 09:14:02 -0800 (PST)\r
        DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=gmail.com; s=20230601;\r
                h=to:subject:message-id:date:from:mime-version:from:to:cc:subject;\r
                bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\r
        MIME-Version: 1.0\r
        From: Anna Berg <anna.berg@gmail.com>\r
        Date: Mon, 23 Nov 2026 18:13:51 +0100\r
        Message-ID: <CAF=x8Zk1Q9w+Lr2@mail.gmail.com>\r
        Subject: Re: Angebot für 40 Arbeitsplätze\r
        To: sales@leadmail.example\r
        Content-Type: text/plain; charset="UTF-8"\r
        Content-Transfer-Encoding: 8bit\r
        \r
        Hallo, können Sie uns bis Freitag ein Angebot schicken?\r
        Grüße, Anna\r

        """.utf8)

    /// Something a broken web form produced: LF endings, a NUL byte, invalid UTF-8 and a lone CR.
    static let brokenWebForm: [UInt8] =
        Array(
            """
            From: "Website Contact Form" <noreply@forms.example-host.net>
            Subject: New submission from Contact Us
            Content-Type: text/plain; charset=iso-8859-1

            Name: J\u{f6}rg
            """.utf8) + [0x00, 0xFF, 0xFE, 0x0D, 0x41, 0x0A]
}
