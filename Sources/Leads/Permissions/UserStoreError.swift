import Foundation

/// A user change the store refuses.
public enum UserStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case exists(String)
    case unknown(String)

    public var description: String {
        switch self {
        case .exists(let email): "There is already a user \(email); change that one instead of adding it again."
        case .unknown(let email): "There is no user \(email); `leadmail users list` shows the users there are."
        }
    }
}
