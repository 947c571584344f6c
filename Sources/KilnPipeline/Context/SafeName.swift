/// The rule for names that become path components of workspace and storage folders
/// (`<root>/<repo>/<build-id>/`): a name that could hold `/` or be `..` could make cleanup delete
/// outside the repository's own folder.
enum SafeName {
    /// The rule in words, for error messages.
    static let rule = "letters, digits, `-`, `_` and `.` only (and not `.` or `..`)"

    static let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")

    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && name.allSatisfy(allowed.contains)
    }
}
