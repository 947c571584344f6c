import Foundation
import Testing

/// A forward proxy on loopback for the proxy tests, in Python's standard library: absolute-form
/// requests and `CONNECT` tunnels, each answered 407 unless `Proxy-Authorization` carries the
/// expected credentials, and every request logged as `METHOD target authorized|refused`. It
/// connects to 127.0.0.1 whatever host it is asked for, so a host name that resolves nowhere
/// (`kiln-workspace.test`) is reachable through it only — and no traffic leaves the machine.
///
/// It exits when its standard input closes: at `stop()`, or with the test process, however that ends.
final class ForwardProxy: Sendable {
    let port: Int
    private let process: Process
    private let input: Pipe
    private let folder: TemporaryFolder

    /// The requests it received, one line each.
    var requests: [String] {
        let text = (try? String(contentsOf: folder.path("requests.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Starts a proxy that lets in `username:password`.
    init(username: String, password: String) async throws {
        folder = TemporaryFolder("kiln-proxy")
        let script = try folder.write("proxy.py", Self.script)
        let process = Process()
        process.executableURL = try PeerTools.tool("python")
        process.arguments = [script.path, folder.path("requests.log").path, "\(username):\(password)"]
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        let line = String(decoding: await Self.readToEnd(output.fileHandleForReading, upTo: "\n"), as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            try? input.fileHandleForWriting.close()
            throw ProxyDidNotStart(output: line)
        }
        self.port = port
        self.process = process
        self.input = input
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    struct ProxyDidNotStart: Error {
        var output: String
    }

    /// Reads until `end` (the proxy prints its port, then a newline) or the end of the output.
    private static func readToEnd(_ handle: FileHandle, upTo end: Character) async -> Data {
        await withCheckedContinuation { continuation in
            Thread {
                var data = Data()
                while true {
                    let byte = handle.readData(ofLength: 1)
                    if byte.isEmpty || byte == Data(String(end).utf8) { break }
                    data.append(byte)
                }
                continuation.resume(returning: data)
            }.start()
        }
    }

    static let script = #"""
        import base64, os, select, socket, socketserver, sys, threading

        LOG = sys.argv[1]
        EXPECTED = "Basic " + base64.b64encode(sys.argv[2].encode()).decode()
        lock = threading.Lock()

        def log(line):
            with lock, open(LOG, "a") as f:
                f.write(line + "\n")

        class Handler(socketserver.StreamRequestHandler):
            def read_head(self):
                lines = []
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return None
                    line = line.decode("latin-1").rstrip("\r\n")
                    if line == "":
                        return lines
                    lines.append(line)

            def handle(self):
                while True:
                    lines = self.read_head()
                    if not lines:
                        return
                    method, target, _ = lines[0].split(" ", 2)
                    headers = {}
                    for line in lines[1:]:
                        name, _, value = line.partition(":")
                        headers[name.strip().lower()] = value.strip()
                    body = self.rfile.read(int(headers.get("content-length", "0")))
                    authorized = headers.get("proxy-authorization") == EXPECTED
                    log(f"{method} {target} {'authorized' if authorized else 'refused'}")
                    if not authorized:
                        self.wfile.write(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                                         b"Proxy-Authenticate: Basic realm=\"kiln\"\r\nContent-Length: 0\r\n\r\n")
                        self.wfile.flush()
                        continue
                    if method == "CONNECT":
                        upstream = socket.create_connection(("127.0.0.1", int(target.rsplit(":", 1)[1])))
                        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
                        self.wfile.flush()
                        self.tunnel(upstream)
                        return
                    hostport, _, path = target.split("://", 1)[1].partition("/")
                    port = int(hostport.rsplit(":", 1)[1]) if ":" in hostport else 80
                    kept = [l for l in lines[1:] if not l.lower().startswith(("proxy-", "connection"))]
                    head = "\r\n".join([f"{method} /{path} HTTP/1.1"] + kept + ["Connection: close"]) + "\r\n\r\n"
                    upstream = socket.create_connection(("127.0.0.1", port))
                    upstream.sendall(head.encode("latin-1") + body)
                    answer = b""
                    while True:
                        chunk = upstream.recv(65536)
                        if not chunk:
                            break
                        answer += chunk
                    upstream.close()
                    status, _, rest = answer.partition(b"\r\n")
                    self.wfile.write(status + b"\r\nConnection: close\r\n" + rest)
                    self.wfile.flush()
                    return

            def tunnel(self, upstream):
                sockets = [self.connection, upstream]
                while True:
                    readable, _, _ = select.select(sockets, [], [])
                    for s in readable:
                        data = s.recv(65536)
                        if not data:
                            upstream.close()
                            return
                        (upstream if s is self.connection else self.connection).sendall(data)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        def exit_when_stdin_closes():
            sys.stdin.read()
            os._exit(0)

        threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
        server = Server(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
