import HummingbirdBcrypt

/// Passwords as bcrypt hashes (HummingbirdBcrypt): slow on purpose, salted, never reversible.
public struct PasswordHasher: Sendable {
    /// 2^12 rounds: a quarter of a second a sign-in on this class of machine, which is what makes a stolen
    /// database expensive to crack.
    public static let standardCost: UInt8 = 12

    let cost: UInt8

    func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    func verify(_ password: String, against hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// The work of a real check against a hash nobody has, for an address that has no user: a sign-in then
    /// takes as long whether or not the address exists.
    func verifyDecoy(_ password: String) {
        _ = Bcrypt.verify(password, hash: Self.decoy)
    }

    private static let decoy = Bcrypt.hash("no user has this password", cost: standardCost)
}
