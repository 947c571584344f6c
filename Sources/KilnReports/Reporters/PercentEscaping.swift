extension String {
    /// Replaces single Unicode scalars by their escapes. Works on scalars, not characters,
    /// because `\r\n` is one `Character` and must still become `%0D%0A`.
    func escapingScalars(_ escapes: [Unicode.Scalar: String]) -> String {
        var escaped = ""
        for scalar in unicodeScalars {
            if let escape = escapes[scalar] {
                escaped += escape
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
