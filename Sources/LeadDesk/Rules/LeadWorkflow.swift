import Foundation
import LeadStore
import Leads
import Logging
import MIME
import Synchronization

/// What happens to a lead after intake: score it, give it an owner, set the follow-up, tell the owner; later,
/// notice the owner's answer, reassign what went overdue, and send the morning digest.
///
/// Every step reads what the store says is pending and writes one `LeadUpdate` per lead, so a crash between
/// recording a message and running the rules is made up for on the next pass, and a second pass changes nothing.
public struct LeadWorkflow: Sendable {
    public let settings: LifecycleSettings
    public let store: any LeadStore
    let policy: ReplyPolicy
    let notices: StaffNotice
    let logger: Logger
    let scorer: LeadScorer
    /// The scoring phrases' fingerprint, which every lead's kept matches are checked against.
    let phrasesFingerprint: String
    /// The follow-up's due day for the last `now` asked: a catch-up gives every lead of a backlog the same `now`,
    /// and each working-day count goes through Foundation's calendar several times.
    private let lastDueDay = LastDueDay()

    /// - Parameters:
    ///   - settings: the `lifecycle`, `scoring`, `teams` and `assignment` keys of leadmail.yml.
    ///   - policy: who is never a lead (our addresses, staff domains, form senders), for owners' answers.
    ///   - sender: the address staff notices come from.
    ///   - staffTemplates: the notification templates staff mail is written from (the built-in text without).
    ///   - baseURL: the web workspace's address (`web.baseURL`), which staff notices link leads to.
    public init(
        settings: LifecycleSettings, policy: ReplyPolicy, sender: MailAddress, store: any LeadStore,
        staffTemplates: (any StaffTemplates)? = nil, logger: Logger = Logger(label: "leadmail"),
        baseURL: String? = nil
    ) {
        self.settings = settings
        self.store = store
        self.policy = policy
        let assigner = settings.assigner
        notices = StaffNotice(
            sender: sender, calendar: settings.calendar, templates: staffTemplates,
            nameOf: { assigner.person(named: $0)?.name }, baseURL: baseURL)
        self.logger = logger
        scorer = LeadScorer(rules: settings.scoring)
        phrasesFingerprint = scorer.phrasesFingerprint
    }

    /// The last `now` a follow-up's due day was worked out for, and that day.
    private final class LastDueDay: Sendable {
        let value = Mutex<(now: Date, due: String)?>(nil)
    }

    var calendar: WorkingCalendar { settings.calendar }

    /// Runs the intake rules on every lead with messages they have not seen. Returns how many leads changed.
    ///
    /// The updates of up to 200 leads are written together in one transaction (an import of thousands of rows is
    /// a few commits, not thousands); if one of them fails (another process moved that lead meanwhile), each of
    /// its slice is tried on its own and the one that fails stays pending for the next pass.
    @discardableResult
    public func catchUp(now: Date) throws -> Int {
        var done = 0
        var after: Int64 = 0
        // A slice at a time: after a backlog, a thousand leads' new messages would otherwise be read at once.
        while true {
            let pending = try store.pendingWorkflow(after: after, limit: Self.catchUpSlice)
            guard let last = pending.last else { return done }
            done += try catchUp(pending, now: now)
            after = last.lead.id
        }
    }

    /// How many leads one commit of the catch-up handles. A commit writes each page it changed once, and a new
    /// lead's scoring and assignment move its entries in most of the lists' indexes, at places spread over each;
    /// the more leads share a commit, the more of them share a page. The slice's items (their enquiries' text)
    /// are held in memory meanwhile.
    static let catchUpSlice = 200

    private func catchUp(_ pending: [WorkflowItem], now: Date) throws -> Int {
        var state = try AssignmentState(store: store, teams: settings.teams)
        let updates = try pending.map { try update(for: $0, now: now, state: &state) }
        do {
            // Not a commit that must reach the disk by itself: lost in a power cut, the leads are still pending
            // and scored again; a notice it queued is sent only after the handover's durable commit, which
            // carries this one to disk too. After a backlog that is 400 fsyncs fewer for 10,000 leads.
            // The slice's people are taken first, as intake's and the outbox's batches take theirs: on a store
            // shared by several hosts, another host's hand-over writes these leads' rows too.
            try store.inOneTransaction(.untilSynced) {
                try store.holdPeople(ofLeads: pending.map(\.lead.id))
                try store.apply(all: updates, at: now)
            }
            return updates.count
        } catch is LifecycleError {
            var done = 0
            for item in pending {
                var fresh = try AssignmentState(store: store, teams: settings.teams)
                do {
                    try store.apply(update(for: item, now: now, state: &fresh), at: now)
                    done += 1
                } catch let error as LifecycleError {
                    logger.warning("\(item.lead.number): lead rules will run again: \(error)")
                }
            }
            return done
        }
    }

    /// Overdue reassignment, reminders come due, then the morning digest: what `leadmail run` does on each wake.
    public func sweep(now: Date) throws {
        try catchUp(now: now)
        try reassignOverdue(now: now)
        try fireReminders(now: now)
        try sendDigests(now: now)
    }

    func update(for item: WorkflowItem, now: Date, state: inout AssignmentState) throws -> LeadUpdate {
        let lead = item.lead
        var update = LeadUpdate(leadID: lead.id, by: LeadEvent.system)
        update.workflowSeen = item.newCommunications.map(\.id).max()
        let breakdown = try score(item, into: &update)
        update.score = breakdown.total
        var lifecycle = item.lifecycle
        lifecycle.score = breakdown.total
        if item.isNew {
            try assignNew(item, lifecycle: lifecycle, now: now, state: &state, into: &update)
        } else if let answer = ownersAnswer(item) {
            update.recordHumanContact(at: answer.date, status: lead.status)
            update.events.append((.task, "follow-up done: \(answer.from) wrote to the lead"))
        }
        return update
    }

    private func assignNew(
        _ item: WorkflowItem, lifecycle: LeadLifecycle, now: Date, state: inout AssignmentState,
        into update: inout LeadUpdate
    ) throws {
        let lead = item.lead
        // A lead that comes in closed (an import of leads worked elsewhere) is nobody's new work.
        guard lead.status.isOpen else { return }
        // One that has an owner already (an import, a person's assignment) keeps it, unannounced.
        if item.lifecycle.owner != nil {
            if lead.status != .nurture { update.newTasks.append(followUp(for: lead, at: now)) }
            return
        }
        var owner: (email: String, team: SalesTeam?, reason: String)?
        let colleague = capturingColleague(item)
        if let colleague {
            let why = "captured by colleague \(colleague), stays with them"
            owner = (colleague, settings.assigner.team(of: colleague), why)
        } else if let choice = choose(lead, fields: item.fields, score: lifecycle.score, state: state) {
            owner = (choice.owner.email, choice.team, choice.reason)
            if choice.team?.strategy == .roundRobin { update.advanceTurn = choice.team?.name }
        }
        if let owner { state.record(owner.email, team: owner.team) }
        let followUp = followUp(for: lead, at: now)
        update.newTasks.append(followUp)
        guard let owner else { return }
        update.owner = .init(email: owner.email, team: owner.team?.name, reason: owner.reason)
        // The colleague who passed the lead on knows about it already.
        if colleague == nil, owner.team?.notify ?? true {
            var told = lifecycle
            told.owner = owner.email
            update.notices.append(
                notices.newLead(
                    lead, lifecycle: told, owner: owner.email, copy: owner.team?.copy ?? [], followUp: followUp,
                    now: now))
        }
    }

    /// The first matching rule's choice, given the workload and round-robin turns.
    func choose(
        _ lead: Lead, fields: [FormField], score: Int, excluding: Set<String> = [], state: AssignmentState
    ) -> LeadAssigner.Choice? {
        // Without rules nobody is chosen, and the lead's country is not worth working out.
        guard !settings.assignment.isEmpty else { return nil }
        let facts = AssignmentFacts(
            country: Territory.country(fields: fields, phone: lead.phone, email: lead.email), source: lead.source,
            campaign: lead.campaign, score: score)
        return settings.assigner.choose(facts, excluding: excluding, load: state.load) { state.turns[$0] ?? 0 }
    }

    /// A lead a colleague passed on (their forward, or details they typed in) stays with that colleague.
    private func capturingColleague(_ item: WorkflowItem) -> String? {
        guard let first = item.newCommunications.first(where: { $0.kind == .enquiry }),
            let from = MailAddress.mailbox(first.from)
        else { return nil }
        return policy.isColleague(from.address) ? EmailAddress.normalised(from.address) : nil
    }

    /// The owner's (or, with no owner, any colleague's) own mail to the lead, seen through Cc/Bcc to the inbox.
    private func ownersAnswer(_ item: WorkflowItem) -> (from: String, date: Date)? {
        // By sender, not direction: a colleague's mail in a known thread may be filed either way.
        for entry in item.newCommunications where entry.kind == .threadReply || entry.kind == .repeatEnquiry {
            guard let from = MailAddress.mailbox(entry.from).map({ EmailAddress.normalised($0.address) })
            else { continue }
            if from == item.lifecycle.owner || (item.lifecycle.owner == nil && policy.isColleague(from)) {
                return (from, entry.date)
            }
        }
        return nil
    }

    /// The score, reading only the enquiries the lead's kept matches do not cover, and the matches to keep.
    private func score(_ item: WorkflowItem, into update: inout LeadUpdate) throws -> ScoreBreakdown {
        let rules = phrasesFingerprint
        var item = item
        if let kept = item.scoreMatches, kept.rules != rules {
            // The configuration's phrases changed since: every enquiry is read again.
            item = try store.workflowItem(leadID: item.lead.id) ?? item
            item.scoreMatches = nil
        }
        let found = scorer.matches(in: item.enquiryText)
        let matches = item.scoreMatches.map { $0.matches.union(found) } ?? found
        update.scoreMatches = ScoreMatches(
            matches: matches, through: item.enquiriesThrough, enquiries: item.enquiryCount, rules: rules)
        return scorer.score(facts(item), textMatches: matches)
    }

    /// The follow-up a lead gets when it is captured or comes back into work: a call when it has a phone number,
    /// else an email, due `followUpDays` working days from today.
    func followUp(for lead: Lead, at now: Date) -> LeadUpdate.NewTask {
        LeadUpdate.NewTask(
            kind: lead.phone == nil ? .email : .call,
            due: followUpDue(at: now), isFollowUp: true)
    }

    /// `followUpDays` working days from the day of `now`.
    private func followUpDue(at now: Date) -> String {
        if let last = lastDueDay.value.withLock({ $0 }), last.now == now { return last.due }
        let due = calendar.adding(workingDays: settings.followUpDays, to: calendar.day(of: now))
        lastDueDay.value.withLock { $0 = (now, due) }
        return due
    }

    /// The score as the rules make it now, line by line, reading every enquiry (`leads explain`).
    public func explain(_ item: WorkflowItem) -> ScoreBreakdown {
        scorer.score(facts(item))
    }

    func facts(_ item: WorkflowItem) -> ScoreFacts {
        var facts = ScoreFacts(
            name: item.lead.name, email: item.lead.email, phone: item.lead.phone, company: item.lead.company,
            source: item.lead.source, campaign: item.lead.campaign, text: item.enquiryText, fields: item.fields,
            repeats: item.repeats)
        facts.linksClicked = item.linksClicked
        return facts
    }
}

/// Open leads per owner and round-robin turns, read once per pass and kept up to date in memory as leads are
/// handed out, so that a batch is shared out exactly as one lead at a time would be.
struct AssignmentState {
    var load: [String: Int]
    var turns: [String: Int] = [:]

    init(store: any LeadStore, teams: [SalesTeam]) throws {
        load = try store.workload()
        for team in teams where team.strategy == .roundRobin {
            turns[team.name] = try store.teamTurn(team.name)
        }
    }

    mutating func record(_ owner: String, team: SalesTeam?) {
        load[owner, default: 0] += 1
        if let team, team.strategy == .roundRobin { turns[team.name, default: 0] += 1 }
    }
}
