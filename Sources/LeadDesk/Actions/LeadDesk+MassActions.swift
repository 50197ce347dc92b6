import Foundation
import LeadStore
import Leads

/// One action on many leads at once (a list's selection): each lead checked and changed as the single action
/// would, all of them in one transaction; a lead the user may not touch, or that the rules refuse, is left as it
/// was and reported with the reason.
extension LeadDesk {
    public enum MassAction: Sendable, Hashable {
        /// Give the leads to this person (an address or a name of the teams).
        case assign(String)
        case tag([String])
        case untag([String])
        /// Move them on, with the reason or value the move needs.
        case status(StatusChange)
        /// Write to each lead from this reply template, rendered for it, through the outbox.
        case letter(template: String)
        /// Delete them with their logs (the `delete` right).
        case delete

        /// The right the action needs on each lead; a user whose role lacks it is refused before any lead.
        public var right: Right {
            switch self {
            case .assign: .assign
            case .tag, .untag, .status, .letter: .edit
            case .delete: .delete
            }
        }
    }

    /// What a mass action did: the leads done and those refused, each with why.
    public struct MassOutcome: Sendable {
        public struct Refusal: Sendable, Hashable {
            public var leadID: Int64
            /// The lead's number when it exists.
            public var number: String?
            public var reason: String
        }

        /// The leads changed (for a delete: as they were).
        public var done: [Lead]
        public var refused: [Refusal]
    }

    /// Runs `action` on each lead of `leadIDs` as `user`, in one transaction.
    public func perform(_ action: MassAction, on leadIDs: [Int64], by user: User) async throws -> MassOutcome {
        try permissions.check(action.right, by: user)
        let ids = Array(NSOrderedSet(array: leadIDs).compactMap { $0 as? Int64 })
        // A letter is rendered first, outside the write (templates load asynchronously); one the template
        // cannot be rendered for is refused with the template's words.
        var letters: [Int64: Result<Letter, any Error>] = [:]
        if case .letter(let template) = action {
            for id in ids {
                do { letters[id] = .success(try await letter(from: template, to: id, by: user)) } catch {
                    letters[id] = .failure(error)
                }
            }
        }
        let prepared = letters
        let now = clock()
        let outcome = try await records.write { tx in
            var done: [Lead] = []
            var refused: [MassOutcome.Refusal] = []
            for id in ids {
                do {
                    switch action {
                    case .assign(let person): _ = try assigning(id, to: person, by: user, now: now, in: tx)
                    case .tag(let tags), .untag(let tags):
                        _ = try lead(id, for: .edit, by: user, in: tx)
                        var update = LeadUpdate(leadID: id, by: user.actorName)
                        if case .tag = action {
                            update.addTags = Self.cleaned(tags)
                        } else {
                            update.removeTags = Self.cleaned(tags)
                        }
                        try tx.apply(update, at: now)
                    case .status(let change): _ = try changingStatus(id, to: change, by: user, now: now, in: tx)
                    case .letter:
                        let letter = try (prepared[id] ?? .failure(LifecycleError.unknownLead(id))).get()
                        _ = try writing(letter, to: id, by: user, now: now, in: tx)
                    case .delete:
                        _ = try lead(id, for: .delete, by: user, in: tx)
                        done.append(try tx.deleteLead(id))
                        continue
                    }
                    if let lead = try tx.lead(id: id) { done.append(lead) }
                } catch let error as PermissionDenied {
                    refused.append(.init(leadID: id, number: try tx.lead(id: id)?.number, reason: error.description))
                } catch let error as LifecycleError {
                    refused.append(.init(leadID: id, number: try tx.lead(id: id)?.number, reason: error.description))
                } catch let error as LetterError {
                    refused.append(.init(leadID: id, number: try tx.lead(id: id)?.number, reason: error.description))
                }
            }
            return MassOutcome(done: done, refused: refused)
        }
        if case .delete = action {
            for gone in outcome.done {
                workflow.logger.notice("\(gone.number) (\(gone.email)) deleted by \(user.actorName) (mass action)")
            }
        }
        return outcome
    }
}

/// The team view: each person's open leads and open tasks, due today and overdue.
extension LeadDesk {
    public struct PersonWork: Sendable {
        public var person: SalesPerson
        public var team: String
        /// Open leads the person owns.
        public var openLeads: Int
        public var dueToday: [FollowUpTask]
        public var overdue: [FollowUpTask]
        /// The lead of each task, by id.
        public var leads: [Int64: Lead]
    }

    /// The members of the user's teams (every team for a role that reaches every lead), with their work, for
    /// those with the `dashboard` right. Tasks on leads out of the user's reach are left out.
    public func teamWork(by user: User) async throws -> [PersonWork] {
        try permissions.check(.dashboard, by: user)
        let teams =
            permissions.grant(for: user.role).scope == .all
            ? settings.teams : settings.teams.filter { $0.name == user.team || $0.manager == user.email }
        let today = today
        let people = teams.flatMap { team in team.members.map { (team: team.name, person: $0) } }
        var work: [PersonWork] = []
        for (team, person) in people {
            let open = try await tally(LeadSearch(owner: person.email).openOnly(), by: user).count
            let found = try await records.read { tx -> ([FollowUpTask], [Int64: Lead]) in
                var leads: [Int64: Lead] = [:]
                var tasks: [FollowUpTask] = []
                for task in try tx.openTasks(owner: person.email) where task.due <= today {
                    if leads[task.leadID] == nil {
                        guard let lead = try visibleLead(task.leadID, to: user, in: tx) else { continue }
                        leads[task.leadID] = lead
                    }
                    tasks.append(task)
                }
                return (tasks, leads)
            }
            work.append(
                PersonWork(
                    person: person, team: team, openLeads: open, dueToday: found.0.filter { $0.due == today },
                    overdue: found.0.filter { $0.due < today }, leads: found.1))
        }
        return work
    }

    /// Everyone of the teams a lead may be given to, for the forms that assign.
    public var salesPeople: [SalesPerson] {
        var seen = Set<String>()
        return settings.teams.flatMap(\.members).filter { seen.insert($0.email).inserted }
    }
}

extension LeadSearch {
    fileprivate func openOnly() -> LeadSearch {
        var search = self
        search.openOnly = true
        return search
    }
}
