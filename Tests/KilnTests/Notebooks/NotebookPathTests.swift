import Testing

@testable import KilnEngine

@Suite("NotebookPath resolves %run targets against the caller's folder")
struct NotebookPathTests {
    @Test(arguments: [
        ("./x", "/a/b/nb", "/a/b/x"),
        ("x", "/a/b/nb", "/a/b/x"),
        ("../lib/x", "/a/b/nb", "/a/lib/x"),
        ("../../x", "/a/b/nb", "/x"),
        ("./../c/./d/", "/a/b/nb", "/a/c/d"),
        ("/abs//y", "/a/b/nb", "/abs/y"),
        ("/a/../z", "/a/b/nb", "/z"),
        ("./x", "/nb", "/x"),
    ])
    func resolves(target: String, caller: String, expected: String) {
        #expect(NotebookPath.resolve(target, from: caller) == expected)
    }

    @Test(arguments: [("../../../x", "/a/b/nb"), ("../x", "/nb"), ("/..", "/a/nb")])
    func refusesToClimbAboveTheRoot(target: String, caller: String) {
        #expect(NotebookPath.resolve(target, from: caller) == nil)
    }
}
