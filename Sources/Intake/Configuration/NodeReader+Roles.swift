import Leads
import Yams

/// The `roles` key: each role's scope and rights, changing the defaults role by role.
///
/// ```yaml
/// roles:
///   sales: {scope: team, rights: [view, create, edit, assign, export]}
/// ```
extension NodeReader {
    mutating func permissionPolicy(_ node: Node?) -> PermissionPolicy {
        var policy = PermissionPolicy()
        guard let node else { return policy }
        guard let mapping = node.mapping else {
            problem(
                "roles", node,
                "must be a mapping from a role (admin, manager, sales, marketing) to its scope and rights")
            return policy
        }
        for (key, value) in mapping {
            let name = key.string ?? ""
            guard let role = Role(rawValue: name) else {
                problem("roles", key, "'\(name)' is not a role; the roles are admin, manager, sales, marketing")
                continue
            }
            guard let grant = value.mapping else {
                problem("roles.\(name)", value, "must be a mapping with scope and rights")
                continue
            }
            rejectUnknownKeys(grant, allowed: ["scope", "rights"], path: "roles.\(name)")
            var current = policy.grant(for: role)
            if let text = string(grant, "scope", path: "roles.\(name).scope") {
                if let scope = Scope(rawValue: text) {
                    current.scope = scope
                } else {
                    problem("roles.\(name).scope", grant["scope"], "'\(text)' is not a scope; use own, team or all")
                }
            }
            if grant["rights"] != nil {
                var rights = Set<Right>()
                for text in strings(grant, "rights", path: "roles.\(name).rights") {
                    if let right = Right(rawValue: text) {
                        rights.insert(right)
                    } else {
                        problem(
                            "roles.\(name).rights", grant["rights"],
                            "'\(text)' is not a right; the rights are "
                                + Right.allCases.map(\.rawValue).joined(separator: ", "))
                    }
                }
                current.rights = rights
            }
            policy.grants[role] = current
        }
        return policy
    }
}
