import Foundation
import LeadDesk
import LeadStore
import Leads
import Logging
import Synchronization
import Templates

extension LeadDesk {
    /// People's work as leadmail.yml sets it up: its roles, its lead rules, its sales address for letters.
    /// - Parameter templates: the reply templates letters may start from (the service's catalog, or
    ///   `LetterTemplateFolder` where no intake loop reloads them).
    public init(
        configuration: LeadMailConfiguration, store: any StoreFactory.Store, logger: Logger,
        clock: @escaping @Sendable () -> Date, templates: (@Sendable () async -> TemplateLibrary?)? = nil
    ) {
        self.init(
            records: store, workflow: LeadWorkflow(configuration: configuration, store: store, logger: logger),
            permissions: configuration.permissions,
            letters: LetterSettings(
                sender: configuration.from, company: configuration.company.name,
                subjectToken: configuration.intake.subjectToken, companyPhone: configuration.company.phone,
                companyWebsite: configuration.company.website, templates: templates),
            clock: clock, templateFolder: configuration.templates)
        templatePreviewer = IntakeTemplatePreviewer(configuration: configuration)
        tracker = configuration.tracker
    }
}

extension LeadMailService {
    /// People's work on this service's store (the web workspace served beside intake by `leadmail run`), writing
    /// letters from the templates intake answers with.
    public func desk() -> LeadDesk {
        let catalog = pipeline.templates
        return LeadDesk(
            configuration: configuration, store: store, logger: logger, clock: pipeline.clock,
            templates: { await catalog.library })
    }
}

/// The templates folder for letters in `leadmail serve`, which runs no intake loop: reloaded when a file changed
/// since the last look, keeping the last good library when an edit has problems (as `leadmail run` does).
public final class LetterTemplateFolder: Sendable {
    private let catalog: TemplateCatalog?
    private let snapshot: Mutex<(folder: TemplateFolderSnapshot, takenAt: ContinuousClock.Instant)>
    /// How long a look at the folder holds: a lead page asks on every view, and walking the folder each time
    /// cost more than the rest of the page.
    static let lookInterval: Duration = .seconds(1)

    /// Loads the folder; a folder with problems at start offers no templates until `serve` restarts (letters by
    /// hand still work).
    public init(directory: String) {
        snapshot = Mutex((TemplateFolderSnapshot(directory: directory), ContinuousClock.now))
        catalog = try? TemplateCatalog(directory: directory)
    }

    /// The library now, after taking any edit that passes the checks.
    public func library() async -> TemplateLibrary? {
        guard let catalog else { return nil }
        let now = ContinuousClock.now
        let (directory, due) = snapshot.withLock { known in
            (known.folder.directory, now - known.takenAt >= Self.lookInterval)
        }
        guard due else { return await catalog.library }
        // The walk is outside the lock (two requests at once may both walk; either snapshot is the folder now).
        let looked = TemplateFolderSnapshot(directory: directory)
        let changed = snapshot.withLock { known in
            defer { known = (looked, now) }
            return looked != known.folder
        }
        if changed { await catalog.reload() }
        return await catalog.library
    }
}
