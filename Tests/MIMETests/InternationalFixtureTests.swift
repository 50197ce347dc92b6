import Testing

@testable import MIME

/// Non-Latin mail: encoded-word subjects and names, bodies in their own charsets, all decoded to Unicode.
@Suite struct InternationalFixtureTests {
    struct Expectation: Sendable, CustomTestStringConvertible {
        var fixture: String
        var fromName: String
        var fromAddress: String
        var subject: String
        var text: String
        var testDescription: String { fixture }
    }

    static let expectations: [Expectation] = [
        Expectation(
            fixture: "iso2022jp", fromName: "山田太郎", fromAddress: "t.yamada@yamada-seiki.example",
            subject: "見積依頼（TX-200）",
            text: "アクメ株式会社\n営業部 御中\n\nTX-200の見積もりをお願いします。\n数量：30台\n\n山田太郎\n"),
        Expectation(
            fixture: "shift-jis", fromName: "佐藤花子", fromAddress: "hanako.sato@sato-kogyo.example",
            subject: "カタログ送付のお願い",
            text: "お世話になっております。\nカタログの送付をお願いいたします。\n佐藤花子\n"),
        Expectation(
            fixture: "koi8-r", fromName: "Сергей Иванов", fromAddress: "s.ivanov@zavod.example",
            subject: "Поставка расходомеров",
            text: "Добрый день!\nИнтересует поставка расходомеров.\nСергей Иванов\n"),
        Expectation(
            fixture: "gb2312", fromName: "王伟", fromAddress: "wangwei@huaxin.example",
            subject: "询价：压力传感器", text: "您好！\n我们需要二十个压力传感器，请报价。\n王伟\n"),
        Expectation(
            fixture: "big5", fromName: "陳美玲", fromAddress: "meiling.chen@taiwan-tech.example",
            subject: "流量計報價", text: "您好，\n請提供流量計的報價。\n陳美玲\n"),
        Expectation(
            fixture: "split-encoded-words", fromName: "Łukasz Żółkiewski",
            fromAddress: "l.zolkiewski@polmet.example",
            subject: "Zapytanie ofertowe – czujniki ciśnienia", text: "Dzień dobry,\nproszę o ofertę.\n"),
    ]

    @Test("Subject, sender and body decode from the fixture's charset", arguments: expectations)
    func decodes(_ expected: Expectation) throws {
        let message = try Fixture.parse(expected.fixture)
        #expect(message.from == [MailAddress(name: expected.fromName, address: expected.fromAddress)])
        #expect(message.subject == expected.subject)
        #expect(message.text == expected.text)
        #expect(message.warnings.isEmpty)
    }

    @Test("HTML-only Windows-1251 mail: HTML decoded, text made from it")
    func htmlOnlyWindows1251() throws {
        let message = try Fixture.parse("html-only-cp1251")
        #expect(message.from == [MailAddress(name: "Иван Петров", address: "i.petrov@techprom.example")])
        #expect(message.subject == "Запрос КП: датчики давления")
        #expect(message.html?.hasPrefix("<html><head><title>Запрос</title>") == true)
        #expect(
            message.text == """
                Здравствуйте!

                Просим выслать коммерческое предложение на датчики давления TX-200 — 20 шт.

                - Диапазон: 0–10 бар
                - Выход: 4–20 мА

                С уважением,
                Иван Петров
                ООО «Техпром»

                techprom.example (https://techprom.example/) | Контакты (https://techprom.example/contacts)
                """)
        #expect(message.attachments.isEmpty)
    }

    @Test("Unknown charsets fall back to UTF-8 with a warning; malformed encoded words stay as text")
    func unknownCharset() throws {
        let message = try Fixture.parse("unknown-charset")
        #expect(message.from == [MailAddress(name: "Café Owner", address: "owner@cafe.example")])
        #expect(message.subject == "café =?utf-8?Q?broken word?= =?utf-8?X?bad?=")
        #expect(message.text == "Plain body.\n")
        #expect(message.warnings.contains { $0.message.contains("\"x-unknown-charset\"") })
        #expect(message.warnings.contains { $0.message.contains("\"x-mac-nonsense\"") })
    }

    @Test(
        "Encoded words: B and Q in any case, whitespace between words dropped, text between kept",
        arguments: [
            ("=?UTF-8?B?SGFsbG8=?= =?utf-8?b?IFdlbHQ=?=", "Hallo Welt"),
            ("=?iso-8859-1?q?J=F6rg?= M=?ISO-8859-1?Q?=FC?=ller", "Jörg Müller"),
            (
                "Re: =?windows-1252?Q?Pr=E9sentation?=  and  =?UTF-8?Q?caf=c3=a9?=",
                "Re: Présentation  and  café"
            ),
            ("=?ISO-8859-2?Q?Pawe=B3?=", "Paweł"),
            ("=?windows-1250?B?wW5v?=", "Áno"),
            ("=?EUC-JP?B?xvzL3A==?=", "日本"),
            ("=?UTF-8?Q?a?=\t=?UTF-8?Q?b?=", "ab"),
            ("=?UTF-8?Q?unterminated", "=?UTF-8?Q?unterminated"),
            ("=?UTF-8*en?Q?lang_tag?=", "lang tag"),
        ])
    func encodedWords(_ raw: String, _ decoded: String) {
        #expect(EncodedWordDecoder.decode(raw) == decoded)
    }
}
