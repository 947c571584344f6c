/// Why a text is not a usable `Glob`.
public enum GlobError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    /// Starts with `/`: a pattern is anchored at a folder, so it must be relative to it.
    case absolute(String)
    /// Has a `..` segment, which would reach outside the folder the pattern is anchored at.
    case parentSegment(String)
    /// A `[` without its closing `]`.
    case unclosedBracket(String)
    /// A range such as `[z-a]` whose first character comes after its last.
    case invalidRange(String)

    public var description: String {
        switch self {
        case .empty: "the pattern is empty"
        case .absolute(let pattern): "`\(pattern)` is absolute"
        case .parentSegment(let pattern): "`\(pattern)` reaches outside its folder with `..`"
        case .unclosedBracket(let pattern): "`\(pattern)` has a `[` without its `]`"
        case .invalidRange(let pattern): "`\(pattern)` has a character range whose ends are reversed"
        }
    }
}
