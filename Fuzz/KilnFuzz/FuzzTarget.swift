import Foundation
import KilnAPI
import KilnEngine
import KilnPipeline
import KilnReports
import KilnServer

/// The readers of input Kiln did not write, as fuzz targets: JUnit XML from a workspace, a
/// repository's kiln.yml, its job template, its notebooks, and `kiln serve --faults`. An error is the right answer to bad
/// input; a crash, a hang or unbounded memory is a bug (`make fuzz` runs them under libFuzzer).
enum FuzzTarget: String, CaseIterable, Sendable {
    case junit
    case kilnYML = "kiln-yml"
    case templates
    case notebooks
    case faults

    /// Reads `data` as this target's input, and drops the answer.
    func read(_ data: Data) {
        switch self {
        case .junit:
            _ = try? JUnitParser().parse(data, file: "fuzz.xml")
        case .kilnYML:
            _ = try? KilnConfig(yaml: String(decoding: data, as: UTF8.self), file: URL(fileURLWithPath: "/kiln-fuzz/kiln.yml"))
        case .templates:
            _ = try? JSONValue(parsing: data)
        case .notebooks:
            let text = String(decoding: data, as: UTF8.self)
            for language in [NotebookLanguage.python, .r, .sql, .scala] {
                _ = try? NotebookSource.parse(text, name: "/kiln-fuzz/notebook", language: language)
            }
        case .faults:
            _ = try? FaultPlan(parsing: String(decoding: data, as: UTF8.self))
        }
    }

    /// The target `KILN_FUZZ_TARGET` names (libFuzzer's entry point takes no other argument).
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["KILN_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("KILN_FUZZ_TARGET must be one of \(allCases.map(\.rawValue))\n".utf8))
            exit(2)
        }
        return target
    }()
}

/// libFuzzer's entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func kilnFuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FuzzTarget.selected.read(Data(bytes: bytes, count: count))
    return 0
}

#if KILN_FUZZER
    /// libFuzzer's driver, which its `main` would call.
    @_silgen_name("LLVMFuzzerRunDriver")
    private func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    /// SwiftPM links an executable's entry point under `<target>_main`: the fuzzing build, which
    /// has no `@main`, gives it libFuzzer's driver.
    @_cdecl("kiln_fuzz_main")
    func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments) { bytes, size in kilnFuzzOneInput(bytes, size) }
    }
#endif
