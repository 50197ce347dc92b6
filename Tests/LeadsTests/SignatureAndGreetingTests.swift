import Testing

@testable import Leads

@Suite("Signature details and greeting boilerplate")
struct SignatureAndGreetingTests {
    @Test(
        "role and company in the shapes people write",
        arguments: [
            (
                ["Jane Okafor", "Head of Procurement", "Brightwater Ltd", "Tel: +44 20 7946 0321"],
                "Head of Procurement", "Brightwater Ltd", "+44 20 7946 0321"
            ),
            (
                ["Jane Okafor | Senior Buyer | Brightwater", "M: 07700 900123"], "Senior Buyer", "Brightwater",
                "07700 900123"
            ),
            (
                ["Jane Okafor", "Operations Manager at Brightwater Foods"], "Operations Manager", "Brightwater Foods",
                nil
            ),
            (
                [
                    "Tom Becker", "Leiter Einkauf", "", "Stadtwerke Hoya GmbH", "Hauptstraße 4, 27318 Hoya",
                    "Tel.: 04251 1234",
                ],
                "Leiter Einkauf", "Stadtwerke Hoya GmbH", "04251 1234"
            ),
            (["Jane Okafor", "Greenleaf Nursery", "07700 900456"], nil, "Greenleaf Nursery", "07700 900456"),
            // A role the word lists do not know, above a company whose legal form they do: Nordic, Czech, Polish,
            // Italian family firms. And a North American number with its extension.
            (
                ["Henrik Christensen", "Brewmaster", "Christensen & Thorsen ApS", "Tel: +45 32 12 34 56"], nil,
                "Christensen & Thorsen ApS", "+45 32 12 34 56"
            ),
            (
                ["Jana Machová", "Technolog", "Machová v.o.s.", "+420 601 123 456"], nil, "Machová v.o.s.",
                "+420 601 123 456"
            ),
            (["Ewa Cymer", "Chemik", "Cymer Sp.k.", "tel. 22 123 45 67"], nil, "Cymer Sp.k.", "22 123 45 67"),
            // The line after a role is a guess that a legal form further down overrules.
            (
                ["Lars Svensson", "Engineer, automotive", "Svensson & Johansson AB", "Tel: +46 8 123 456 78"],
                "Engineer", "Svensson & Johansson AB", "+46 8 123 456 78"
            ),
            (
                ["Paola Giannone", "Enologa", "Giannone, Lerner e figli", "Phone: +1-525-538-7069x37745"], nil,
                "Giannone, Lerner e figli", "+1-525-538-7069x37745"
            ),
            // Roles written before the company with a comma, in Italian, Dutch and Swedish; mobile numbers
            // labelled in German, French and Swedish.
            (
                ["Marco Zeffirelli", "Titolare, Zeffirelli Industrie S.r.l.", "Cell. 333 123 4567"], "Titolare",
                "Zeffirelli Industrie S.r.l.", "333 123 4567"
            ),
            (
                ["Sanne de Vries", "Hoofd inkoop, Dennenberg Group B.V.", "T: 020 123 4567"], "Hoofd inkoop",
                "Dennenberg Group B.V.", "020 123 4567"
            ),
            (
                ["Eva Blom", "Inköpschef, Blom Industrie AB", "Mobil: 070-123 45 67"], "Inköpschef",
                "Blom Industrie AB",
                "070-123 45 67"
            ),
            (["Jörg Kahl", "Kahl Metall GmbH", "Mobil: +49 171 5550123"], nil, "Kahl Metall GmbH", "+49 171 5550123"),
            (
                ["Luc Martin", "Martin SAS", "Portable : +33 (0)6 12 34 56 78"], nil, "Martin SAS",
                "+33 (0)6 12 34 56 78"
            ),
            (
                ["Савва Бобылев", "ООО \"Давыдова\"", "Тел.: +7 (064) 450-8277"], nil, "ООО \"Давыдова\"",
                "+7 (064) 450-8277"
            ),
            (["Βιολέτα Γαλάνη", "Αγγελάκος Α.Ε.", "Τηλ.: 210 5031115"], nil, "Αγγελάκος Α.Ε.", "210 5031115"),
            // A sentence with "公司" (company) in it is no company.
            (["张洁", "我们公司需要23台输送机，请报价。"], nil, nil, nil),
            (["Jane"], nil, nil, nil),
        ] as [([String], String?, String?, String?)])
    func details(lines: [String], title: String?, company: String?, phone: String?) {
        let name = lines.first?.split(separator: " ").prefix(2).joined(separator: " ")
        let found = SignatureDetails(lines: lines, name: name)
        #expect(found.jobTitle == title)
        #expect(found.company == company)
        #expect(found.phone == phone)
    }

    @Test("Chinese and Japanese signatures: the company first, its legal form inside it, a full-width colon")
    func eastAsianSignatures() {
        let chinese = SignatureDetails(lines: ["李机电有限公司", "张洁", "电话：18906014634"], name: "张洁")
        #expect(chinese.company == "李机电有限公司")
        #expect(chinese.phone == "18906014634")
        let japanese = SignatureDetails(lines: ["株式会社佐藤電機", "斎藤 涼平", "TEL: 03-5555-0123"], name: "斎藤 涼平")
        #expect(japanese.company == "株式会社佐藤電機")
        #expect(japanese.phone == "03-5555-0123")
        #expect(SignatureDetails(lines: ["阿部精機(株)", "阿部 健"], name: "阿部 健").company == "阿部精機(株)")
    }

    @Test(
        "the enquiry loses its greeting and sign-off, keeps its words",
        arguments: [
            ("Dear Sir/Madam,\n\nPlease quote 10 sensors.\n\nKind regards,\nJane\nBuyer", "Please quote 10 sensors."),
            (
                "Sehr geehrte Damen und Herren,\n\nbitte um ein Angebot.\n\nMit freundlichen Grüßen\nTom",
                "bitte um ein Angebot."
            ),
            ("Hi Acme team,\nQuick one: do you ship to Cork?\nThanks,\nAoife", "Quick one: do you ship to Cork?"),
            ("Добрый день!\n\nНам нужно 26 насосов.\n\nС уважением,\nАнна", "Нам нужно 26 насосов."),
            ("Καλησπέρα σας,\n\nΧρειαζόμαστε 4 βαλβίδες.\n\nΜε εκτίμηση,\nΒιολέτα", "Χρειαζόμαστε 4 βαλβίδες."),
            ("您好，\n\n我们需要23台输送机。\n\n此致敬礼\n张洁", "我们需要23台输送机。"),
            (
                "いつもお世話になっております。\n\n11台のポンプの見積もりをお願いします。\n\nよろしくお願いいたします。\n山本",
                "11台のポンプの見積もりをお願いします。"
            ),
            ("Hello", "Hello"),
            ("Highland Water needs 5 probes.", "Highland Water needs 5 probes."),
        ])
    func enquiryText(body: String, expected: String) {
        #expect(EnquiryText.enquiry(in: body) == expected)
    }
}
