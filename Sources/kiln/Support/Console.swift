import Foundation

/// Kiln's output: results to stdout, diagnostics to stderr, written whole and unbuffered so they
/// interleave correctly with a notebook's streamed output.
enum Console {
    static func out(_ text: String) {
        write(Data((text + "\n").utf8), to: FileHandle.standardOutput)
    }

    static func error(_ text: String) {
        write(Data((text + "\n").utf8), to: FileHandle.standardError)
    }

    static func write(_ data: Data, to handle: FileHandle = .standardOutput) {
        try? handle.write(contentsOf: data)
    }
}
