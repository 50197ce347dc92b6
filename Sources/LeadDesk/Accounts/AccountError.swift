/// Why an account action or a sign-in was refused, in words for the person at the keyboard.
public enum AccountError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The login maps to no user while users exist.
    case unknownLogin(String)
    case unknownUser(String)
    case disabled(String)
    case badPassword
    case weakPassword(minimum: Int)
    case badEmail(String)
    case unknownTeam(String, known: [String])
    case lastAdministrator(String)

    public var description: String {
        switch self {
        case .unknownLogin(let login):
            "No LeadMail user goes with the login '\(login)'. Act as a user by their address, or ask an "
                + "administrator to add you."
        case .unknownUser(let email):
            "There is no user \(email); the users list shows the users there are."
        case .disabled(let email):
            "The user \(email) is disabled; an administrator can enable the account again."
        case .badPassword:
            "That email and password do not match a user who may sign in."
        case .weakPassword(let minimum):
            "A password needs at least \(minimum) characters."
        case .badEmail(let text):
            "'\(text)' is not an email address; users sign in with their work address."
        case .unknownTeam(let team, let known):
            "There is no team '\(team)' in leadmail.yml's teams"
                + (known.isEmpty ? " (it defines none)." : "; the teams are: \(known.joined(separator: ", ")).")
        case .lastAdministrator(let email):
            "\(email) is the last enabled administrator; make someone else an administrator first."
        }
    }
}
