import Logging
import Synchronization

/// Says a lasting condition (a full disk, a store that cannot be written) once, and again only when it changes
/// or clears: a message that cannot be recorded is tried on every wake, and one error line per message per
/// wake buried the log in thousands of identical lines.
final class ConditionLog: Sendable {
    /// The condition last said, and how many times it was met since without being said.
    private let state = Mutex<(condition: String?, unsaid: Int)>((nil, 0))

    /// Logs `line` when `condition` differs from the one last logged; otherwise only counts it.
    func report(_ condition: String, line: @autoclosure () -> String, to logger: Logger) {
        let isNew = state.withLock { state in
            guard state.condition != condition else {
                state.unsaid += 1
                return false
            }
            state = (condition, 0)
            return true
        }
        if isNew { logger.error("\(line())") }
    }

    /// Logs that the condition last said is over, when there is one.
    func clear(to logger: Logger) {
        let ended = state.withLock { state -> (String, Int)? in
            defer { state = (nil, 0) }
            return state.condition.map { ($0, state.unsaid) }
        }
        guard let (condition, unsaid) = ended else { return }
        logger.notice("no longer: \(condition) (met \(unsaid) more time(s) meanwhile, not logged)")
    }
}
