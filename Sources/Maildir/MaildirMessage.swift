/// One message file in a maildir's new/ or cur/ directory.
///
/// It is only a name: the bytes stay on disk until `Maildir.read(_:)` is called, so listing a big inbox is cheap.
public struct MaildirMessage: Sendable, Hashable {
    /// The file name in new/ or cur/, including any `:2,FLAGS` info suffix; unique within the maildir.
    public let name: String
    /// The full path of the file, for logs and for tools that open it directly.
    public let path: String

    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    /// The unique part of the name, without the `:2,FLAGS` info suffix; stays the same when flags change.
    public var uniqueName: String {
        guard let colon = name.firstIndex(of: ":") else { return name }
        return String(name[..<colon])
    }

    /// The maildir flags (`S` seen, `F` flagged, …) from the `:2,` suffix, empty when there are none.
    public var flags: String {
        // On the UTF-8 bytes: Foundation's `range(of:)` is costly for a look-up made for every message filed.
        let utf8 = name.utf8
        var from = utf8.startIndex
        while let colon = utf8[from...].firstIndex(of: UInt8(ascii: ":")) {
            let info = utf8[utf8.index(after: colon)...]
            if info.starts(with: [UInt8(ascii: "2"), UInt8(ascii: ",")]) {
                return String(name[utf8.index(colon, offsetBy: 3)...])
            }
            from = info.startIndex
        }
        return ""
    }
}
