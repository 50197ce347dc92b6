import Foundation

/// A failure of the database under the store, with what to check.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var underlying: String

    public init(path: String, operation: String, underlying: String) {
        self.path = path
        self.operation = operation
        self.underlying = underlying
    }

    public var description: String {
        "The lead database \(path) failed while \(operation): \(underlying). "
            + "Check that the file and its folder are writable and the disk is not full; the message stays in new/ "
            + "and will be tried again."
    }
}
