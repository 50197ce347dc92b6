/// Tells which language an enquiry is written in, so that a Spanish enquiry gets the Spanish reply.
///
/// It counts each language's common words (``LanguageProfile``) in the enquirer's own words. The text decides
/// when it is clear: at least three such words and half again as many as the runner-up. Otherwise the
/// `Content-Language` header decides, when there is one, and failing that the answer is "unknown", so the
/// reply falls back to the templates without `languages`. A wrong guess would be worse than no guess.
public struct LanguageDetector: Sendable {
    /// Common words needed before the text alone decides.
    public var minimumHits = 3

    public init() {}

    /// The language of `text` (the enquirer's own words, quotes and signature removed), with the reason.
    /// - Parameter contentLanguage: the message's `Content-Language` header, e.g. `de-DE` or `en-GB, en-US`.
    public func detect(text: String, contentLanguage: String? = nil) -> LanguageGuess {
        let scores = Self.scores(text)
        let header = contentLanguage.flatMap(Self.primaryCode)
        guard let best = scores.first, best.hits > 0 else {
            return fallback(header, because: "the text has no common words of a known language")
        }
        let runnerUp = scores.dropFirst().first?.hits ?? 0
        let tally = scores.prefix(3).filter { $0.hits > 0 }.map { "\($0.profile.name) \($0.hits)" }
            .joined(separator: ", ")
        if best.hits >= minimumHits, best.hits * 2 >= runnerUp * 3, best.hits > runnerUp {
            return LanguageGuess(
                language: best.profile.code, reason: "the text reads as \(best.profile.name) (common words: \(tally))")
        }
        return fallback(header, because: "the text is too short or mixed to tell (common words: \(tally))")
    }

    private func fallback(_ header: String?, because why: String) -> LanguageGuess {
        guard let header else {
            return LanguageGuess(language: nil, reason: "\(why), and there is no Content-Language")
        }
        let name = LanguageProfile.named(header)?.name ?? header
        return LanguageGuess(language: header, reason: "\(why); Content-Language says \(name)")
    }

    /// Each known language with its number of hits, best first (ties in the order of ``LanguageProfile/all``).
    ///
    /// Asked for every new lead's reply: the text is walked once, not once per language, each word is looked up
    /// once (`wordLanguages`), and only its non-ASCII Characters are compared with the languages' letters (all of
    /// which are non-ASCII); an ASCII text is cut into words on its bytes.
    static func scores(_ text: String) -> [(profile: LanguageProfile, hits: Int)] {
        var wordHits = Array(repeating: 0, count: LanguageProfile.all.count)
        var letterHits = wordHits
        func count(_ word: String) {
            for index in wordLanguages[word] ?? [] { wordHits[index] += 1 }
        }
        // ASCII (nearly every enquiry) is cut into words on its bytes and lowercased word by word; other text is
        // lowercased first (which may leave it ASCII too).
        var words = text.utf8IsASCII ? text : text.lowercased()
        if words.utf8IsASCII {
            words.withUTF8 { countASCIIWords($0, count) }
        } else {
            for word in words.split(whereSeparator: { !$0.isLetter }) { count(String(word)) }
            for character in words where !character.isASCII {
                for (index, profile) in LanguageProfile.all.enumerated() where profile.letters.contains(character) {
                    letterHits[index] += 1
                }
            }
        }
        let scored = LanguageProfile.all.indices.map { index in
            (index: index, profile: LanguageProfile.all[index], hits: wordHits[index] + min(letterHits[index], 3))
        }
        return scored.sorted { ($0.hits, -$0.index) > ($1.hits, -$1.index) }.map { ($0.profile, $0.hits) }
    }

    /// Each word of letters (a to z, either case) of ASCII `bytes`, lowercased as it is copied; a word longer than
    /// every common word is not looked up.
    private static func countASCIIWords(_ bytes: UnsafeBufferPointer<UInt8>, _ count: (String) -> Void) {
        var start = 0
        while start < bytes.count {
            guard (bytes[start] | 0x20) &- UInt8(ascii: "a") < 26 else {
                start += 1
                continue
            }
            var end = start + 1
            while end < bytes.count, (bytes[end] | 0x20) &- UInt8(ascii: "a") < 26 { end += 1 }
            if end - start <= longestWord {
                count(
                    String(unsafeUninitializedCapacity: end - start) { word in
                        for offset in 0..<(end - start) { word[offset] = bytes[start + offset] | 0x20 }
                        return end - start
                    })
            }
            start = end
        }
    }

    /// The length in bytes of the longest common word of any language.
    private static let longestWord = LanguageProfile.all.flatMap(\.words).map(\.utf8.count).max() ?? 0

    /// Each common word with the languages whose profile lists it.
    private static let wordLanguages: [String: [Int]] = {
        var languages: [String: [Int]] = [:]
        for (index, profile) in LanguageProfile.all.enumerated() {
            for word in profile.words { languages[word, default: []].append(index) }
        }
        return languages
    }()

    /// `de` from `de-DE`, `en` from `en-GB, en-US`; nil for anything that is not a language tag.
    static func primaryCode(_ header: String) -> String? {
        let first = header.split(separator: ",").first.map { $0.trimmingWhitespace() } ?? ""
        let code = first.split(separator: "-").first.map { $0.lowercased() } ?? ""
        return code.count == 2 && code.allSatisfy({ $0.isASCII && $0.isLetter }) ? code : nil
    }
}

/// The language the detector settled on (nil when it could not tell) and why, for `leadmail templates which`.
public struct LanguageGuess: Sendable, Hashable, CustomStringConvertible {
    /// A two-letter code such as `de`, or nil when unknown.
    public var language: String?
    /// The evidence, in words.
    public var reason: String

    public init(language: String?, reason: String) {
        self.language = language
        self.reason = reason
    }

    public var description: String {
        "\(language ?? "unknown"): \(reason)"
    }
}
