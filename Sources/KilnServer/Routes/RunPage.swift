import Hummingbird

/// `GET /`: the page `run_page_url` points at (`/?o=0#job/<id>/run/<id>`). The fragment never
/// reaches the server, so the page is a static shell: it asks for the token once (kept in the
/// tab's session storage), reads the run from the API and shows its state, output and logs.
extension Router where Context == ServerContext {
    func addRunPage() {
        get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: Self.runPage)))
        }
    }

    private static var runPage: String {
        """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>kiln run</title>
        <style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}pre{background:#f4f4f4;padding:1em;overflow:auto}
        .SUCCESS{color:#1a7f37}.FAILED,.TIMEDOUT,.CANCELED,.INTERNAL_ERROR{color:#cf222e}</style></head>
        <body><h1>kiln run</h1><div id="run">Open a run page link: /?o=0#job/&lt;job id&gt;/run/&lt;run id&gt;</div>
        <script>
        async function api(path) {
          let token = sessionStorage.getItem("kiln-token") || prompt("Token of this kiln serve (see where it was written):");
          sessionStorage.setItem("kiln-token", token);
          const response = await fetch(path, {headers: {Authorization: "Bearer " + token}});
          if (response.status === 401) sessionStorage.removeItem("kiln-token");
          return response.json();
        }
        function text(value) { const node = document.createElement("pre"); node.textContent = value; return node; }
        async function show() {
          const match = location.hash.match(/job\\/(\\d+)\\/run\\/(\\d+)/);
          if (!match) return;
          const run = await api("/api/2.1/jobs/runs/get?run_id=" + match[2]);
          const root = document.getElementById("run");
          root.replaceChildren();
          const state = run.state || {};
          const title = document.createElement("h2");
          title.textContent = (run.run_name || "run") + " " + run.run_id + ": " + (state.result_state || state.life_cycle_state);
          title.className = state.result_state || state.life_cycle_state;
          root.append(title, text(state.state_message || ""));
          for (const task of run.tasks || [run]) {
            const output = await api("/api/2.1/jobs/runs/get-output?run_id=" + task.run_id);
            const heading = document.createElement("h3");
            heading.textContent = "Task " + (task.task_key || task.run_id) + ": " + ((task.state || {}).result_state || (task.state || {}).life_cycle_state);
            root.append(heading);
            if (output.notebook_output && output.notebook_output.result) root.append(text("Exit value: " + output.notebook_output.result));
            if (output.error) root.append(text(output.error + "\\n" + (output.error_trace || "")));
            if (output.logs) root.append(text(output.logs));
          }
        }
        window.addEventListener("hashchange", show);
        show();
        </script></body></html>
        """
    }
}
