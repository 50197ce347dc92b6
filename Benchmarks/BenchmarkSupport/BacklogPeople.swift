import Foundation

/// The people of a generated backlog: names from many countries (with the charset their mail client would use
/// for them), companies, addresses, phones and the words of their enquiries, drawn from small lists so that
/// thousands of different enquirers, companies and texts come out of them.
struct BacklogPerson {
    var first: String
    var last: String
    /// The charset a mail client of their country writes their name in, when it is not ASCII.
    var charset: String
    var company: String
    var email: String
    var phone: String
    var title: String

    var name: String { charset == "ISO-2022-JP" || charset == "GB2312" ? last + first : "\(first) \(last)" }

    /// Names by the charset their clients use.
    static let namesByCharset: [(charset: String, first: [String], last: [String])] = [
        (
            "US-ASCII",
            [
                "Emma", "Oliver", "Amelia", "Harry", "Isla", "Jack", "Sophie", "Thomas", "Grace", "Daniel",
                "Priya", "Arjun", "Chloe", "Liam", "Aisha", "Ethan", "Megan", "Rhys", "Ffion", "Owain",
            ],
            [
                "Smith", "Jones", "Taylor", "Brown", "Williams", "Davies", "Evans", "Wilson", "Patel", "Khan", "Hughes",
                "Roberts", "Walker", "Wright", "Thompson", "Edwards", "Green", "Hall", "Wood", "Clarke",
            ]
        ),
        (
            "UTF-8", ["Siân", "Zoë", "Renée", "José", "Chloé", "Björn", "Søren", "Łukasz", "İpek", "Dóra"],
            ["O'Neill-Price", "Núñez", "Ångström", "Müller-Lüdenscheidt", "Çelik", "Ó Briain", "Đorđević"]
        ),
        (
            "ISO-8859-1", ["Jürgen", "Günther", "François", "Anaïs", "Mónica", "Hélène", "Björn", "Åsa"],
            ["König", "Groß", "Lefèvre", "García", "Müller", "Sørensen", "Bäcker", "Ibáñez"]
        ),
        (
            "ISO-8859-2", ["Łukasz", "Małgorzata", "Jiří", "Žofie", "Ondřej", "Zoltán", "Grzegorz", "Tomáš"],
            ["Wiśniewski", "Dvořák", "Kowalczyk", "Nováková", "Szabó", "Żółtowska", "Horváth", "Černý"]
        ),
        (
            "KOI8-R", ["Алексей", "Наталья", "Дмитрий", "Ольга", "Сергей", "Екатерина"],
            ["Иванов", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева"]
        ),
        ("ISO-2022-JP", ["太郎", "花子", "健一", "美咲", "翔", "由美"], ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤"]),
        ("GB2312", ["伟", "芳", "娜", "强", "敏", "静"], ["王", "李", "张", "刘", "陈", "杨"]),
        (
            "WINDOWS-1252", ["Zoë", "Noël", "Cécile", "Jérôme", "Inês", "Raúl"],
            ["D’Arcy", "Lefèvre", "Conceição", "Muñoz", "Gaël", "Brontë"]
        ),
    ]

    static let companyWords = [
        "Harbour", "Valley", "Northern", "Summit", "Riverside", "Crown", "Atlas", "Beacon", "Granite", "Meridian",
        "Oak", "Pioneer", "Coastal", "Highland", "Union", "Vertex", "Anchor", "Bridge", "Castle", "Delta",
    ]
    static let companyTrades = [
        "Cold Storage", "Foods", "Logistics", "Pharma", "Brewing", "Dairy", "Labs", "Hospital Trust", "Farms",
        "Engineering", "Packaging", "Seafood", "Bakery", "Vaccines", "Data Centres", "Warehousing",
    ]
    static let companySuffixes = ["Ltd", "GmbH", "S.A.", "plc", "sp. z o.o.", "s.r.o.", "BV", "AB", "Inc.", "LLP"]
    static let topLevels = ["co.uk", "de", "fr", "pl", "cz", "nl", "se", "es", "example", "com"]
    static let titles = [
        "Purchasing Manager", "Facilities Manager", "Quality Lead", "Operations Director", "Site Engineer",
        "Buyer", "Head of Maintenance", "Lab Manager", "Procurement Officer", "Technical Director",
    ]

    /// The `index`th person: a name in one charset (weights: most ASCII), a company and an address of their own.
    static func make(index: Int, charset wanted: String?, random: inout SplitMix64) -> BacklogPerson {
        let group =
            wanted.flatMap { name in namesByCharset.first { $0.charset == name } }
            ?? namesByCharset[random.below(10) < 8 ? 0 : 1]
        let first = group.first[random.below(group.first.count)]
        let last = group.last[random.below(group.last.count)]
        let word = companyWords[random.below(companyWords.count)]
        let trade = companyTrades[random.below(companyTrades.count)]
        let company = "\(word) \(trade) \(companySuffixes[random.below(companySuffixes.count)])"
        let slug = company.lowercased().filter { $0.isLetter && $0.isASCII }.prefix(18)
        let domain = "\(slug)\(index % 7 == 0 ? "-\(index % 100)" : "").\(topLevels[random.below(topLevels.count)])"
        let local = Self.asciiLocal(first) + "." + Self.asciiLocal(last) + (index % 3 == 0 ? "\(index)" : "")
        let phone = "+44 \(1_000 + random.below(8_999)) \(100_000 + random.below(899_999))"
        return BacklogPerson(
            first: first, last: last, charset: group.charset, company: company, email: "\(local)@\(domain)",
            phone: phone, title: titles[random.below(titles.count)])
    }

    /// A name as an address's local part would write it: ASCII letters, or `u` and a number for other scripts.
    static func asciiLocal(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        let ascii = folded.unicodeScalars.filter { $0.isASCII && CharacterSet.letters.contains($0) }
        return ascii.isEmpty
            ? "u\(name.unicodeScalars.reduce(0) { $0 &+ Int($1.value) } % 10_000)"
            : String(String.UnicodeScalarView(ascii)).lowercased()
    }

    static let products = [
        "wireless cold-room sensors", "CO2 monitors for a brewery cellar", "O2-depletion detectors",
        "temperature loggers for vaccine fridges", "humidity sensors for a data centre", "pressure transmitters",
        "door-open alarms for walk-in freezers", "ammonia leak detectors", "calibration certificates",
        "a gateway for forty existing probes",
    ]
    static let openings = [
        "We are replacing the monitoring in our {site}.", "Our auditor asked us to log temperatures in the {site}.",
        "We are opening a new {site} in the spring.", "A colleague recommended you after the trade show.",
        "We have had two alarms missed this year in the {site}.", "We are comparing three suppliers for the {site}.",
    ]
    static let sites = ["cold store", "warehouse", "laboratory", "kitchen", "pharmacy", "cellar", "server room"]
    static let asks = [
        "Could you quote for {count} {product}?", "Do you offer a reseller price list for {product}?",
        "What would {count} {product} cost, installed?", "Can someone call me about {product}?",
        "Please send a datasheet and a price for {count} {product}.", "Is there a lead time on {product}?",
    ]
    static let closings = ["Thanks,", "Best regards,", "Kind regards,", "Many thanks,", "Cheers,", "Regards,"]

    /// Two to four sentences of an enquiry, varied by the generator.
    func enquiry(random: inout SplitMix64) -> String {
        func pick(_ list: [String]) -> String { list[random.below(list.count)] }
        let site = pick(Self.sites)
        var sentences = [pick(Self.openings).replacingOccurrences(of: "{site}", with: site)]
        for _ in 0..<(1 + random.below(2)) {
            let count = 4 + random.below(96)
            sentences.append(
                pick(Self.asks).replacingOccurrences(of: "{count}", with: "\(count)")
                    .replacingOccurrences(of: "{product}", with: pick(Self.products)))
        }
        if random.below(3) == 0 { sentences.append("We need them before \(pick(["March", "June", "the audit"])).") }
        return sentences.joined(separator: random.below(2) == 0 ? " " : "\n")
    }

    /// The signature under a direct mail.
    var signature: String { "\(name)\n\(title)\n\(company)\nTel. \(phone)" }
}

extension SplitMix64 {
    /// A number in `0..<bound`, for picking from lists.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
