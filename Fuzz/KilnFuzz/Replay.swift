#if !KILN_FUZZER
    import Foundation

    /// Without libFuzzer (a plain `swift build`), the target replays files: `kiln-fuzz TARGET FILE…`
    /// reads each through the target and prints its name, so the corpus runs as a regression test
    /// in `make test` and a crash libFuzzer found can be replayed under a debugger.
    @main
    struct Replay {
        static func main() {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
                FileHandle.standardError.write(
                    Data("usage: kiln-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE…\n".utf8))
                exit(2)
            }
            for path in arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("kiln-fuzz: cannot read \(path)\n".utf8))
                    exit(2)
                }
                target.read(data)
                print("read \(path)")
            }
        }
    }
#endif
