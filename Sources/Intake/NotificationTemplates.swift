import Foundation
import LeadDesk
import Logging
import Synchronization
import Templates

/// Staff notices written from `templates/notifications/`: the library intake last read (an edit that passed the
/// check is used from the next batch on), or, in a command, the folder as it is, loaded at the first notice.
final class NotificationTemplates: StaffTemplates {
    private struct State {
        var library: TemplateLibrary?
        var tried = false
    }

    private let directory: String
    private let logger: Logger
    private let state = Mutex(State())

    init(directory: String, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    /// The library intake renders replies with: notices follow the same edits.
    func use(_ library: TemplateLibrary) {
        state.withLock { $0 = State(library: library, tried: true) }
    }

    func render(notification name: String, values: [String: String]) -> (subject: String, text: String)? {
        let library = state.withLock { state in
            if !state.tried {
                state.tried = true
                state.library = try? TemplateLibrary.load(directory: directory)
            }
            return state.library
        }
        guard let library, let template = library.notification(named: name) else { return nil }
        do {
            let rendered = try library.render(template, context: TemplateContext(values))
            return (rendered.subject, rendered.text)
        } catch {
            logger.warning("\(error): the built-in text of the \(name) notice is sent instead")
            return nil
        }
    }
}
