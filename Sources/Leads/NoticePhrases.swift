/// What mail systems, gateways, list managers and auto-responders write, as `ReplyPolicy.notice` looks for it.
///
/// Gathered from the formats of Exim, Postfix, qmail, Sendmail, Exchange and Microsoft 365, Gmail, Yahoo,
/// Lotus Domino, Novell GroupWise, security gateways (Trend Micro IMSS, Symantec, Barracuda, Sophos,
/// Mimecast, Proofpoint), list managers (Mailman, LISTSERV, Google Groups) and the auto-answers of Outlook,
/// Gmail and others, in the languages they localise to. Everything is lowercase; the checks lowercase ASCII
/// only, so phrases with other letters are written as those systems write them, lowercased.
enum NoticePhrases {
    /// Local parts (without "-", "_" and ".") of the mailboxes mail systems and gateways send notices from.
    /// Exact, or followed by anything for the ones listed in `systemLocalPrefixes`.
    static let systemLocalParts: Set<String> = [
        "mailerdaemon", "maildaemon", "postmaster", "mdaemon", "ndr", "nondelivery", "imss",
        "symantecantivirusforsmtpgateways", "mailscanner", "mailsweeper", "antivirus", "virusalert",
        "mailsecurity", "emailsecurity", "quarantine", "mailgateway", "smtpgateway", "mailadmin", "mailrouter",
        "listserv", "listproc", "majordomo", "mailman", "sympa", "ecartis", "smartlist", "lyris",
        "deliverystatus", "mailsystem", "maildelivery", "deliveryfailure", "returnedmail", "bounces", "bounce",
        "autoreply", "autoresponder", "autoresponse", "vacation", "outofoffice",
    ]

    /// Prefixes of such local parts that carry something after them: `microsoftexchange329e…` (Exchange's
    /// system mailbox), `owner-list` (LISTSERV, Majordomo), `bounces+…`, `postmaster-…`.
    static let systemLocalPrefixes: [String] = [
        "microsoftexchange", "mailerdaemon", "postmaster", "bounce", "ownerlist", "ndr",
    ]

    /// Suffixes of list managers' addresses: `list-bounces@`, `list-owner@`, `list-request@`, `group+owners@`.
    static let systemLocalSuffixes: [String] = ["-bounces", "-bounce", "-owner", "-request", "+owners", "+bounces"]

    /// Display names mail systems and gateways sign notices with (whole, lowercased).
    static let systemDisplayNames: Set<String> = [
        "mail delivery system", "mail delivery subsystem", "mail delivery service", "mail delivery", "mailer-daemon",
        "mail administrator", "mail system", "mail system administrator", "system administrator", "postmaster",
        "microsoft exchange", "microsoft outlook", "microsoft exchange server", "internet mail delivery",
        "mail router", "notes mail router", "lotus domino", "groupwise", "novell groupwise", "mail delivery failure",
        "returned mail", "delivery status notification", "interscan messaging security suite",
        "interscan mss", "trend micro imss", "symantec mail security", "symantec antivirus for smtp gateways",
        "barracuda", "barracuda email security", "mimecast", "proofpoint", "sophos", "mailscanner",
        "e-mail delivery system", "email delivery system", "mail transport system", "l-soft list server",
        "google groups", "mailman", "listserv",
    ]

    /// Subject beginnings of non-delivery reports, in the languages mail systems localise to.
    static let nonDeliverySubjects = PrefixSet([
        "undeliverable", "undelivered mail", "undeliverable mail", "undeliverable message", "returned mail",
        "mail delivery failed", "mail delivery failure", "mail could not be delivered",
        "message could not be delivered", "delivery status notification (failure)", "delivery status notification",
        "failure notice", "non-delivery", "nondeliverable", "non deliverable", "non-deliverable",
        "notice of non-delivery", "mail system error", "could not send message", "message not delivered",
        "permanent delivery failure", "mail delivery problem", "message delivery failure",
        "delivery notification: delivery has failed", "email delivery failure", "e-mail delivery failure",
        "message status - undeliverable", "message you sent blocked", "automatically rejected mail",
        "your message could not be delivered", "delivery report (failure)", "mail delivery subsystem",
        "delivery failure notification", "returned mail - error during delivery",
        // Exchange and Microsoft 365 in other languages; Domino; others.
        "non remis", "non distribuable", "impossible de remettre", "échec de la remise", "unzustellbar",
        "nicht zustellbar", "unzustellbare", "fehler bei der zustellung", "onbestelbaar", "niet bezorgd",
        "non recapitabile", "impossibile recapitare", "no se puede entregar", "no entregado",
        "não é possível entregar", "não entregue", "olevererbart", "ikke leveret", "kan ikke leveres",
        "kunne ikke leveres", "niedostarczalne", "nie można dostarczyć", "nedoručitelné", "nedoručiteľné",
        "kézbesíthetetlen", "toimittamaton", "недоставляемое", "не удается доставить", "не доставлено",
        "teslim edilemedi", "配信不能", "配信エラー", "无法送达", "無法傳遞", "배달되지 않음",
    ])

    /// Subject beginnings a mail system writes, and a customer too about goods ("Delivery failure – pallet
    /// damaged"): they count beside a sign in the text (a mail system's sentence, a hint, a returned copy).
    static let ambiguousNonDeliverySubjects = PrefixSet([
        "delivery failure", "delivery failed", "delivery has failed", "delivery problem", "failure delivery",
        "returned to sender", "return to sender", "rejected:", "rejected mail", "message rejected",
        "address not found",
    ])

    /// Subject beginnings of delay warnings (Postfix, Sendmail, Exchange, Gmail).
    static let delaySubjects = PrefixSet([
        "delayed mail", "delivery delayed", "delivery status notification (delay)", "warning: could not send",
        "message delayed", "mail delivery delayed", "delivery notification: delivery has been delayed",
        "verzögert", "retardé", "vertraagd",
    ])

    /// Subject beginnings of automatic answers (Outlook's "Automatic reply:" in its languages, and others).
    static let autoReplySubjects = PrefixSet([
        "automatic reply", "auto reply", "autoreply", "auto-reply", "auto response", "autoresponse",
        "auto-response", "out of office", "out of the office", "ooo:", "away from the office", "on vacation",
        "away until", "away from", "absent until", "on leave until", "on holiday until", "on annual leave",
        "abwesend", "absence", "ausser haus", "außer haus",
        "vacation reply", "read:", "read receipt", "delivered:", "relayed:", "automatische antwort",
        "abwesenheitsnotiz", "réponse automatique", "absence du bureau", "risposta automatica",
        "fuori sede", "respuesta automática", "fuera de la oficina", "resposta automática", "ausente",
        "fora do escritório", "ausência",
        "automatisch antwoord", "afwezig", "autosvar", "automatisk svar", "automaattinen vastaus",
        "automatyczna odpowiedź", "automatická odpověď", "automatikus válasz", "автоматический ответ",
        "otomatik yanıt", "自動応答", "自動返信", "自动回复", "自動回覆", "자동 회신",
        // Outlook's "Automatic reply:" in the other languages it ships in, and its older out-of-office prefix in
        // Latvian; mail systems that fold subjects to ASCII drop the accents.
        "automātiskā atbilde", "automatiska atbilde", "ārpus biroja", "arpus biroja", "automatinis atsakymas",
        "automaatvastus", "răspuns automat", "raspuns automat", "automatski odgovor", "samodejni odgovor",
        "automatická odpoveď", "automaticka odpoved", "автоматичен отговор", "автоматична відповідь",
        "аутоматски одговор", "αυτόματη απάντηση", "תשובה אוטומטית", "رد تلقائي", "trả lời tự động",
        "ตอบกลับอัตโนมัติ", "balasan otomatis", "balasan automatik", "resposta automàtica",
        "erantzun automatikoa", "sjálfvirkt svar",
    ])

    /// Subject pieces of mailing-list notices, anywhere in the subject (Mailman, LISTSERV, Google Groups).
    static let listNoticeSubjectPieces = PhraseSet([
        "awaits moderator approval", "awaiting moderator approval", "held for moderation",
        "requires moderator approval", "awaiting moderation", "pending moderation", "rejected posting to",
        "posting to a restricted list", "message has been rejected", "not a member of",
        "you are not authorized to post", "are not member", "loop alert", "duplicated message-id",
        "complaint about message", "abuse report", "feedback report", "spam report", "dmarc forensic report",
        "report domain:",
    ])

    /// Sentences mail systems write near the top of a non-delivery report.
    static let nonDeliveryLines: [String] = [
        // Exim
        "this message was created automatically by mail delivery software",
        "a message that you sent could not be delivered to one or more of its",
        "a message that you sent has not yet been delivered",
        // Postfix
        "this is the mail system at host",
        "i'm sorry to have to inform you that your message could not",
        // qmail
        "this is the qmail-send program at",
        "i'm afraid i wasn't able to deliver your message",
        // Sendmail
        "the original message was received at",
        "----- the following addresses had permanent fatal errors -----",
        "----- transcript of session follows -----",
        // Exchange and Microsoft 365
        "delivery has failed to these recipients or groups",
        "your message did not reach some or all of the intended recipients",
        "the following recipient(s) cannot be reached",
        "diagnostic information for administrators",
        "more info for email admins",
        "your message couldn't be delivered",
        // Gmail
        "** address not found **",
        "** message not delivered **",
        "your message wasn't delivered to",
        "delivery to the following recipient failed permanently",
        "delivery to the following recipients failed permanently",
        "the response from the remote server was",
        "there was a problem delivering your message to",
        // Yahoo
        "sorry, we were unable to deliver your message to the following address",
        // Lotus Domino
        "was not delivered to:",
        "not listed in domino directory",
        "not listed in public name & address book",
        // GroupWise
        "the message that you sent was undeliverable to the following",
        "undeliverable to the following:",
        // Security gateways
        "could not be delivered due to a policy",
        "could not be delivered to the following recipients",
        "this is an automatically generated delivery status notification",
        "this is an automatically generated message from",
        "message delivery has failed",
        "the following message could not be delivered",
        "the following message to <",
        "permanent error. the following address(es) failed",
        "the following address(es) failed",
        "smtp error from remote mail server",
        "host or domain name not found",
        "retry timeout exceeded",
        "returned mail: see transcript for details",
        "------ this is a copy of the message, including all the headers",
        "--- below this line is a copy of the message",
        // Localised Exchange / Microsoft 365
        "la remise à ces destinataires ou groupes a échoué",
        "die zustellung an folgende empfänger oder gruppen ist fehlgeschlagen",
        "de bezorging is mislukt voor deze ontvangers of groepen",
        "impossibile recapitare il messaggio ai seguenti destinatari",
        "error al entregar el mensaje a estos destinatarios o grupos",
    ]

    /// Words of non-delivery that a person may write too ("my mail was undeliverable"): they count only with
    /// a second sign (a subject of a mail system, an answer's subject, or none).
    static let nonDeliveryHints: [String] = [
        "couldn't be delivered to", "wasn't found at", "your message with subject",
        "the message could not be delivered",
        "your message cannot be delivered", "your message could not be delivered", "unable to deliver your message",
        "was undeliverable", "recipient address rejected", "user unknown", "mailbox unavailable", "no such user",
        "mailbox not found", "mailbox is full", "quota exceeded", "550 5.1.1", "550-5.1.1", "5.1.1 <", "554 5.7.1",
        "message has been returned", "original message follows", "could not be delivered", "delivery failed",
        "the following addresses", "permanent error", "status: 5.", "diagnostic-code:", "was not delivered",
        "wasn't delivered", "can't accept messages", "cannot accept messages", "does not exist",
    ]

    /// Words in a subject that, beside a hint in the text, make a notice: what mail systems title them with.
    static let noticeSubjectWords = PhraseSet([
        "deliver", "returned", "failure", "failed", "error", "notification", "bounce", "rejected", "undeliver",
        "status", "zustell", "remis", "entreg", "recapit", "moderat", "automat", "auto-", "autom", "reservation",
        "booking", "reservierung", "réservation", "ticket", "received",
    ])

    /// Subject beginnings of an answer (`Re:` and its translations), a sign beside a hint in the text.
    static let answerPrefixes = PrefixSet([
        "re:", "re :", "aw:", "sv:", "antw:", "antwort:", "r:", "rif:", "ref:", "réf:", "ref.:", "vs:", "odp:",
        "ynt:", "vá:", "atb:", "ответ:", "回复:", "答复:", "返信:",
    ])

    /// Subject beginnings of a forward: a person passing a notice on writes above it, so the notice's own
    /// sentences in the text are not read.
    static let forwardPrefixes = PrefixSet([
        "fw:", "fwd:", "fw :", "fwd :", "wg:", "tr:", "rv:", "enc:", "doorst:", "vl:", "i:", "pd:", "trs:",
    ])

    /// Sentences that alone mean a delay warning, not a failure.
    static let delayLines: [String] = [
        "this is a warning message only",
        "your message could not be delivered for",
        "has not yet been delivered",
        "will continue to try to deliver",
        "no action is required on your part",
        "delivery to the following recipient has been delayed",
        "delivery to these recipients or groups is delayed",
        "message delivery is delayed",
        "the server will keep trying",
    ]

    /// Sentences of mailing lists' notices.
    static let listNoticeLines: [String] = [
        "awaits moderator approval",
        "is being held until the list moderator can review it",
        "post by non-member to a members-only list",
        "you are not authorized to send mail to",
        "your message is being returned to you unprocessed",
        "you do not have permission to post to this group",
        "you aren't a member of",
        "posting to a restricted list",
        "has been held for moderation",
    ]

    /// Sentences of challenge-response filters (Bluebottle, SpamArrest, Boxbe, Mailblocks, TMDA), which answer
    /// an unknown sender with a link to click before the mail is delivered: an automatic answer, never a person.
    static let challengeLines: [String] = [
        "this account is protected by", "added to the recipient's allowed list", "added to my allowed list",
        "added to the recipient's approved list", "added to my approved senders list",
        "to control spam, i now allow incoming messages only from senders i have approved",
        "i now allow incoming messages only from senders i have approved",
        "i am protecting myself from receiving junk mail", "i'm protecting myself from receiving junk mail",
        "your message has been waitlisted", "has been placed in my waiting list", "to be added to my guest list",
        "to be added to the guest list", "has been held pending verification", "is being held pending verification",
        "your message is held until you verify", "verify that you are a human", "prove that you are a human",
        "confirm that you are a human", "this is a challenge-response", "challenge/response system",
        "challenge-response system", "sender verification required", "please verify your email address so that",
        "i use a spam filter that requires you to",
    ]

    /// Sentences of automatic answers; weak alone (a person may write them), so they need a second sign.
    static let autoReplyLines: [String] = [
        "this is an automatic reply", "this is an automated reply", "this is an automated response",
        "this is an automatic response", "this is an automatically generated", "this is an auto-generated",
        "this is an automated message", "this is an automatic message", "this email was generated automatically",
        "this e-mail was generated automatically", "this message was generated automatically",
        "this message has been automatically generated", "this email has been automatically generated",
        "this is an auto-reply", "this is an autoreply", "automatically generated message",
        "please do not reply to this", "do not reply to this email", "do not reply to this message",
        "this mailbox is not monitored", "this mailbox is unmonitored", "i am out of the office",
        "i'm out of the office", "i am currently out of the office", "i will be out of the office",
        "i am out of office", "i'm out of office", "i am currently out of office", "i will be out of office",
        "i am away from the office", "i'm currently out of the office", "thank you for your message. i am",
        "thank you for your email. i am", "your reservation request", "we have received your request",
        "we have received your message", "we have received your email", "your message has been received",
        "ich bin bis", "je suis absent", "sono fuori ufficio", "estoy fuera de la oficina", "estou ausente",
        "estou fora do escritório", "acesso limitado ao e-mail", "acesso limitado ao email",
        "i am currently away", "i'm currently away", "limited access to email", "limited access to e-mail",
        "upon my return", "on my return", "sent this email to unsubscribe",
        // Help desks' acknowledgements (Zendesk, Freshdesk, Help Scout, osTicket).
        "please type your reply above this line", "please reply above this line", "reply above this line",
        "has been received and is being reviewed", "your request has been received", "a ticket has been created",
        "your ticket has been created", "a support ticket has been opened", "your ticket number is",
        "we have received your support request", "your case number is",
    ]

    /// The kinds of sentences above, read from a text in one pass (`NoticeText`).
    enum LineKind: Int, CaseIterable {
        case nonDelivery, delay, listNotice, hint, autoReply, challenge
    }

    /// Every sentence above in one set, and the kind of each, by index.
    static let (allLines, allLineKinds): (PhraseSet, [LineKind]) = {
        let lists: [(LineKind, [String])] = [
            (.nonDelivery, nonDeliveryLines), (.delay, delayLines), (.listNotice, listNoticeLines),
            (.hint, nonDeliveryHints), (.autoReply, autoReplyLines), (.challenge, challengeLines),
        ]
        return (PhraseSet(lists.flatMap(\.1)), lists.flatMap { kind, list in list.map { _ in kind } })
    }()

    /// Header names of returned copies that name our mail.
    static let leadHeader = "x-leadmail-lead:"
    static let messageIDHeader = "message-id:"
}
