/// One `{{…}}` tag found in a template, with where it starts, so checks can point at it.
struct MustacheTag: Sendable, Equatable {
    /// What the tag does, from the character after the opening braces.
    enum Kind: Sendable, Equatable {
        case variable  // {{name}}
        case unescapedVariable  // {{{name}}} or {{& name}}
        case section  // {{#name}}
        case invertedSection  // {{^name}}
        case closeSection  // {{/name}}
        case partial  // {{> name}}
        case comment  // {{! … }}
        case setDelimiter  // {{=<% %>=}}
        case pragma  // {{% … }}
        case inheritance  // {{$block}} or {{< parent}}
    }

    var kind: Kind
    /// The name inside the tag, trimmed; the comment text for comments.
    var name: String
    /// 1-based line of the opening `{{`, counted within the text that was scanned.
    var line: Int
    /// 1-based column of the opening `{{`.
    var column: Int
}

/// A mistake the tag scanner found, positioned within the scanned text.
struct ScannedProblem: Sendable, Equatable {
    var line: Int
    var column: Int
    var message: String
}
