"""`make bench`: Kiln beside its peers, each figure measured side by side in one run.

    python bench.py KILN_BINARY VENV [--pairs 5] [--follow-seconds 30]
                    [--only staging,follow,startup,overhead,server]

- staging: 300 notebooks and 20 artifacts (95 MB), `kiln stage` beside the legacy CLI
  (`workspace import_dir` + `fs cp -r`) and a Python SDK script, on loopback and at 100 ms a
  call; and the floors: `cp -r`, and the one a workspace's published limits set.
- follow: a 30-second run followed by `kiln run`, a 10-second `runs get` loop and the SDK's
  waiter at once: the time from the run's end to each one knowing, and the calls each made.
- startup: `kiln --version` beside `databricks --version`; `kiln changes` with nothing to build.
- overhead: `kiln build` of the R example on the embedded engine, minus its run's own time.
- server: `kiln serve` under wrk at 64 connections; trivial notebook runs completed a second.

After a warm-up (each side's program started once and the files read once; in following, each
job run twice), the sides take turns for --pairs rounds; a table gives each side's median and the
median of the per-round ratios, and a ratio is printed only after every side was checked to have
done the same work (the staged trees compared file by file, digest by digest).
Everything runs against `kiln serve` on loopback with the per-endpoint limits a workspace
publishes enforced (`--rate-limits databricks`), so no figure is bought by exceeding a limit a real
workspace would enforce. Following waits on timers and staging mostly on those limits and the
network, so the followed runs go on a server of their own beside the staging rounds (their
processes start a few times a minute, on whichever staging side is running then).
The tables go to stdout and to .build/bench/latest.md.
"""
import argparse
import hashlib
import json
import os
import re
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TOKEN = "dapi" + secrets.token_hex(16)


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


class Server:
    """One `kiln serve` on loopback with a state folder of its own; stopped at exit whatever happens."""

    running: list["Server"] = []

    def __init__(self, kiln: Path, work: Path, name: str, *options: str):
        self.state = work / name
        self.record = work / f"{name}.requests.jsonl"
        log_file = (work / f"{name}.log").open("w")
        self.process = subprocess.Popen(
            [str(kiln), "serve", "--state", str(self.state), "--record", str(self.record), *options],
            stdout=log_file, stderr=subprocess.STDOUT, env={**os.environ, "KILN_SERVE_TOKEN": TOKEN})
        Server.running.append(self)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            found = re.search(r"listening on (http://[0-9.]+:[0-9]+)", (work / f"{name}.log").read_text())
            if found:
                self.url = found.group(1)
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise SystemExit(f"kiln serve {name} did not start: {(work / f'{name}.log').read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(self.url + path, method=method, headers={"Authorization": f"Bearer {TOKEN}"},
                                         data=json.dumps(body).encode() if body is not None else None)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{method} {path}: {error.code} {error.read().decode()[:500]}") from None

    def requests(self) -> list[dict]:
        return [json.loads(line) for line in self.record.read_text().splitlines()]

    def workspace_tree(self, prefix: str) -> dict[str, str]:
        """Every object under a workspace folder: its path below the folder, type, language, digest."""
        with sqlite3.connect(f"file:{self.state / 'engine.sqlite'}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT path, object_type, language, content FROM workspace_object WHERE path LIKE ?",
                              (prefix + "/%",)).fetchall()
        return {path[len(prefix) + 1:]: f"{kind} {language} {hashlib.sha256(content or b'').hexdigest()[:16]}"
                for path, kind, language, content in rows if kind != "DIRECTORY"}

    def dbfs_tree(self, prefix: str) -> dict[str, str]:
        """Every file under a DBFS folder: its path below the folder and digest."""
        root = self.state / "dbfs" / prefix.removeprefix("dbfs:/")
        return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
                for path in sorted(root.rglob("*")) if path.is_file()}

    def drop_dbfs(self, prefix: str) -> None:
        shutil.rmtree(self.state / "dbfs" / prefix.removeprefix("dbfs:/"), ignore_errors=True)


def timed(command: list[str], env: dict, cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return elapsed


def median(values: list[float]) -> float:
    return statistics.median(values)


class Table:
    """Rows of one scenario's figures, printed as Markdown."""

    def __init__(self, title: str, columns: list[str]):
        self.title, self.columns, self.rows = title, columns, []

    def add(self, *cells) -> None:
        self.rows.append([f"{c:.3f}" if isinstance(c, float) else str(c) for c in cells])

    def markdown(self) -> str:
        lines = [f"### {self.title}", "", "| " + " | ".join(self.columns) + " |",
                 "|" + "---|" * len(self.columns)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in self.rows]) + "\n"


def side_by_side(sides: dict, pairs: int, warmup) -> dict[str, list[float]]:
    """Runs `warmup()` once, then every side in turn, `pairs` rounds; each side is a function of
    the round that returns its time after checking its work."""
    warmup()
    times = {name: [] for name in sides}
    for round_ in range(pairs):
        for name, run in sides.items():
            times[name].append(run(round_))
        log("  round " + str(round_ + 1) + ": " + ", ".join(f"{n} {t[-1]:.2f} s" for n, t in times.items()))
    return times


def ratio_rows(table: Table, times: dict[str, list[float]], base: str, label: str, runs: int) -> None:
    """A row per side: its median, and the median over rounds of its time divided by `base`'s."""
    for name, values in times.items():
        ratio = "" if name == base else f"{median([v / b for v, b in zip(values, times[base])]):.2f}x"
        table.add(label, name, median(values), runs, ratio)


# ---------------------------------------------------------------------------------------------
# Staging: 300 notebooks and 20 artifacts, Kiln beside the legacy CLI and an SDK script.

STAGE_KILN_YML = """repo: bench
notebooks: notebooks
artifacts: ["models/**"]
workspace_root: /Shared/build
storage_root: dbfs:/kiln/build
job:
  template: databricks/job-template.json
  notebook: area_0/notebook_000
variables:
  cluster_id: "0000-000000-kilnlocal"
targets:
  bench: {}
target: bench
"""


def git_repo(folder: Path) -> None:
    for command in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"],
                    ["git", "-c", "user.name=bench", "-c", "user.email=bench@kiln.invalid", "commit", "-qm", "bench"]):
        subprocess.run(command, cwd=folder, check=True)


def staging(kiln: Path, venv: Path, work: Path, pairs: int) -> list[Table]:
    repo = work / "stage-repo"
    subprocess.run([sys.executable, str(BENCH / "staging" / "make_tree.py"), str(repo)], check=True)
    (repo / "databricks").mkdir()
    shutil.copy(ROOT / "examples" / "r-model" / "databricks" / "job-template.json", repo / "databricks")
    (repo / "kiln.yml").write_text(STAGE_KILN_YML)
    git_repo(repo)
    notebooks = sorted(p for p in (repo / "notebooks").rglob("*") if p.is_file())
    artifacts = sorted(p for p in (repo / "models").rglob("*") if p.is_file())
    total_mb = sum(p.stat().st_size for p in artifacts) / 1e6
    # The floor a workspace's limits set: each endpoint's calls divided by its limit, the endpoints
    # going at once. A notebook is one import; a file under 2 GB one multipart DBFS put.
    floor = max(len(notebooks) / 30, len(artifacts) / 30)

    fast = Server(kiln, work, "stage-loopback", "--rate-limits", "databricks")
    slow = Server(kiln, work, "stage-100ms", "--rate-limits", "databricks", "--faults", "delay:100ms@1")
    base_env = {**os.environ, "DATABRICKS_TOKEN": TOKEN, "NO_PROXY": "", "no_proxy": ""}
    tables = []
    reference: dict[str, dict] = {}

    def check(server: Server, name: str, workspace: str, storage: str) -> None:
        """The side's trees, compared with the first Kiln's: the same objects with the same bytes."""
        trees = {"workspace": server.workspace_tree(workspace), "dbfs": server.dbfs_tree(storage)}
        if len(trees["workspace"]) != len(notebooks) or len(trees["dbfs"]) != len(artifacts):
            raise SystemExit(f"{name} staged {len(trees['workspace'])} notebooks and {len(trees['dbfs'])} files, "
                             f"not {len(notebooks)} and {len(artifacts)}")
        reference.setdefault("trees", trees)
        if trees != reference["trees"]:
            raise SystemExit(f"{name} staged other bytes than kiln stage did under {workspace} / {storage}")
        server.drop_dbfs(storage)

    for tier, server in (("loopback", fast), ("100 ms a call", slow)):
        kiln_env = {**base_env, "DATABRICKS_HOST": server.url}
        peer_env = {**base_env, "HTTP_PROXY": server.url, "http_proxy": server.url,
                    "DATABRICKS_HOST": "http://kiln-serve.invalid", "DATABRICKS_CLI": str(venv / "bin" / "databricks")}
        sdk_env = {**base_env, "DATABRICKS_HOST": server.url}
        tag = "l" if server is fast else "s"

        def kiln_side(round_: int, tag=tag, env=kiln_env, server=server) -> float:
            build = f"{tag}{round_}"
            took = timed([str(kiln), "stage", "--build-id", build], env, repo)
            check(server, "kiln stage", f"/Shared/build/bench/{build}", f"dbfs:/kiln/build/bench/{build}/models")
            return took

        def legacy_side(round_: int, tag=tag, env=peer_env, server=server) -> float:
            where = f"legacy/{tag}{round_}"
            took = timed([str(BENCH / "peer" / "stage_legacy.sh"), "notebooks", "models", f"/Shared/{where}",
                          f"dbfs:/{where}/models"], env, repo)
            check(server, "the legacy CLI", f"/Shared/{where}", f"dbfs:/{where}/models")
            return took

        def sdk_side(round_: int, tag=tag, env=sdk_env, server=server) -> float:
            where = f"sdk/{tag}{round_}"
            took = timed([str(venv / "bin" / "python"), str(BENCH / "peer" / "stage_sdk.py"), "notebooks", "models",
                           f"/Shared/{where}", f"dbfs:/{where}/models"], env, repo)
            check(server, "the SDK script", f"/Shared/{where}", f"dbfs:/{where}/models")
            return took

        def copy_side(round_: int, tag=tag) -> float:
            target = work / f"copy-{tag}{round_}"
            target.mkdir()
            took = timed(["cp", "-r", "notebooks", "models", str(target)], base_env, repo)
            shutil.rmtree(target)
            return took

        def warmup() -> None:
            # Each side's program started once, and the files read once into the page cache.
            timed([str(kiln), "--version"], base_env, repo)
            timed([str(venv / "bin" / "databricks"), "--version"], base_env, repo)
            timed([str(venv / "bin" / "python"), "-c", "import databricks.sdk"], base_env, repo)
            timed(["cat", *map(str, notebooks + artifacts)], base_env, repo)

        log(f"staging, {tier}: {pairs} rounds after a warm-up")
        times = side_by_side({"kiln stage": kiln_side, "peer: legacy CLI (import_dir + fs cp -r)": legacy_side,
                              "peer: Python SDK script": sdk_side, "floor: cp -r": copy_side}, pairs, warmup)
        table = Table(f"Staging {len(notebooks)} notebooks and {len(artifacts)} artifacts ({total_mb:.0f} MB), {tier}",
                      ["scenario", "command", "median (s)", "rounds", "peer / kiln"])
        ratio_rows(table, times, "kiln stage", tier, pairs)
        table.add(tier, "floor: the published limits (300 imports at 30/s; 20 DBFS puts at 30/s)", floor, "-",
                  f"kiln / floor {median(times['kiln stage']) / floor:.2f}")
        tables.append(table)
    fast.stop()
    slow.stop()
    return tables


# ---------------------------------------------------------------------------------------------
# Following a run: the time from its end to its follower knowing, and the calls made meanwhile.

FOLLOW_KILN_YML = """repo: {repo}
notebooks: notebooks
workspace_root: /Shared/build
storage_root: dbfs:/kiln/build
job:
  template: job-template.json
  notebook: wait
  timeout: 5m
targets:
  bench: {}
target: bench
"""
FOLLOW_TEMPLATE = {"name": "build-{{repo.name}}", "max_concurrent_runs": 1, "tasks": [{
    "task_key": "wait", "existing_cluster_id": "0000-000000-kilnlocal",
    "notebook_task": {"notebook_path": "{{build.notebook_path}}"}}]}


def follow(kiln: Path, venv: Path, work: Path, pairs: int, seconds: int) -> list[Table]:
    """Each measured run is a job of its own, its duration 2 s longer than the last one's, so that
    where a run ends within a 10-second loop's period is spread over the period, as it is over a
    team's jobs (a loop's lag depends on nothing else). Each run of a job takes its duration give
    or take 5%, at random, as test runs on a cluster do; each job runs twice before, as a job that
    gates pull requests has."""
    server = Server(kiln, work, "follow", "--rate-limits", "databricks")
    env = {**os.environ, "DATABRICKS_TOKEN": TOKEN, "DATABRICKS_HOST": server.url, "NO_PROXY": "", "no_proxy": ""}
    peer_env = {**env, "HTTP_PROXY": server.url, "http_proxy": server.url, "DATABRICKS_HOST": "http://kiln-serve.invalid",
                "DATABRICKS_CLI": str(venv / "bin" / "databricks")}
    followers = {
        "kiln run": lambda agent: agent.startswith("kiln"),
        "peer: runs get every 10 s (bash + legacy CLI)": lambda agent: agent.startswith("databricks-cli"),
        "peer: SDK waiter (wait_get_run_job_terminated_or_skipped)": lambda agent: "databricks-sdk-py" in agent,
    }
    latency = {name: [] for name in followers}
    calls = {name: [] for name in followers}

    def job_repository(index: int) -> Path:
        repo = work / f"follow-{index}"
        (repo / "notebooks").mkdir(parents=True)
        wait = seconds + 2 * index + 0.5
        (repo / "notebooks" / "wait.py").write_text(
            f"# Databricks notebook source\nimport random, time\ntime.sleep({wait} * random.uniform(0.95, 1.05))\n")
        (repo / "job-template.json").write_text(json.dumps(FOLLOW_TEMPLATE))
        (repo / "kiln.yml").write_text(FOLLOW_KILN_YML.replace("{repo}", f"follow-{index}"))
        git_repo(repo)
        return repo

    def one_run(repo: Path, build: str, measured: bool) -> None:
        timed([str(kiln), "stage", "--build-id", build], env, repo)
        kiln_run = subprocess.Popen([str(kiln), "run", "--build-id", build, "--json"], cwd=repo, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        run_id = None
        for line in kiln_run.stdout:
            event = json.loads(line)
            if event.get("event") == "run_started":
                run_id = event["run_id"]
                break
        if run_id is None:
            raise SystemExit(f"kiln run --build-id {build} started no run")
        peers = [subprocess.Popen([str(BENCH / "peer" / "follow_loop.sh"), str(run_id)], env=peer_env,
                                  stdout=subprocess.DEVNULL),
                 subprocess.Popen([str(venv / "bin" / "python"), str(BENCH / "peer" / "follow_sdk.py"), str(run_id)],
                                  env=env, stdout=subprocess.DEVNULL)]
        kiln_run.stdout.read()
        for process in [kiln_run, *peers]:
            if process.wait() != 0:
                raise SystemExit(f"a follower of run {run_id} failed ({process.args})")
        run = server.api("GET", f"/api/2.1/jobs/runs/get?run_id={run_id}")
        if run["state"]["life_cycle_state"] != "TERMINATED" or run["state"].get("result_state") != "SUCCESS":
            raise SystemExit(f"run {run_id} did not succeed: {run['state']}")
        if not measured:
            return
        ended = run["end_time"] / 1000
        polls = [r for r in server.requests() if r["path"].endswith(("/jobs/runs/get", "/jobs/runs/list"))
                 and r["query"].get("run_id", str(run_id)) == str(run_id)
                 and datetime.fromisoformat(r["time"]).timestamp() >= run["start_time"] / 1000 - 1]
        for name, matches in followers.items():
            mine = [r for r in polls if matches(r["headers"].get("user-agent", r["headers"].get("User-Agent", "")))]
            if not mine:
                raise SystemExit(f"{name} made no calls following run {run_id}")
            seen = datetime.fromisoformat(mine[-1]["time"]).timestamp()
            latency[name].append(seen - ended)
            calls[name].append(len(mine))
        log(f"  a {(run['end_time'] - run['start_time']) / 1000:.1f}-second run: " + ", ".join(
            f"{n.removeprefix('peer: ').split(' (')[0]} {latency[n][-1]:.2f} s / {calls[n][-1]} calls" for n in followers))

    log(f"following runs of {seconds} to {seconds + 2 * (pairs - 1)} seconds: {pairs} jobs, each run twice before, "
        "the three followers on each run")
    for index in range(pairs):
        repo = job_repository(index)
        one_run(repo, "before-1", measured=False)
        one_run(repo, "before-2", measured=False)
        one_run(repo, "measured", measured=True)
    server.stop()
    table = Table(f"Following a run to its end ({pairs} runs of {seconds} to {seconds + 2 * (pairs - 1)} s ± 5%, each of its own job)",
                  ["follower", "from the run's end to knowing, median (s)", "calls, median", "runs"])
    for name in followers:
        table.add(name, median(latency[name]), f"{median(calls[name]):.0f}", pairs)
    return [table]


# ---------------------------------------------------------------------------------------------
# Start-up, Kiln's own overhead on a build, and the engine as a server.

def startup(kiln: Path, venv: Path, work: Path, pairs: int) -> list[Table]:
    repo = work / "startup-repo"
    shutil.copytree(ROOT / "examples" / "r-model", repo, ignore=shutil.ignore_patterns(".kiln", "kiln-results"))
    git_repo(repo)
    subprocess.run(["git", "checkout", "-q", "-b", "docs-only"], cwd=repo, check=True)
    (repo / "NOTES.md").write_text("How the model works.\n")
    subprocess.run(["git", "add", "NOTES.md"], cwd=repo, check=True)
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@kiln.invalid", "commit", "-qm", "docs"],
                   cwd=repo, check=True)
    env = dict(os.environ)
    runs = max(20, pairs)
    log(f"start-up: {runs} rounds after a warm-up")
    sides = {"kiln --version": lambda _: timed([str(kiln), "--version"], env, repo),
             "peer: databricks --version (legacy CLI)": lambda _: timed([str(venv / "bin" / "databricks"), "--version"],
                                                                       env, repo),
             "kiln changes: nothing to build": lambda _: timed([str(kiln), "changes"], env, repo)}
    times = side_by_side(sides, runs, lambda: [run(0) for run in sides.values()])
    table = Table("Start-up", ["scenario", "command", "median (s)", "runs", "peer / kiln"])
    for name, values in times.items():
        ratio = ""
        if name.startswith("peer"):
            ratio = f"{median([p / k for p, k in zip(values, times['kiln --version'])]):.1f}x"
        table.add("start-up", name, median(values), runs, ratio)
    return [table]


def overhead(kiln: Path, venv: Path, work: Path, pairs: int) -> list[Table]:
    repo = work / "overhead-repo"
    shutil.copytree(ROOT / "examples" / "r-model", repo, ignore=shutil.ignore_patterns(".kiln", "kiln-results"))
    git_repo(repo)
    env = dict(os.environ)
    walls, runs = [], []
    log(f"overhead: kiln build of the R example on the embedded engine, {pairs} builds after a warm-up")
    for index in range(pairs + 1):
        wall = timed([str(kiln), "build", "--force", "--build-id", f"o{index}"], env, repo)
        with sqlite3.connect(f"file:{repo / '.kiln' / 'engine' / 'engine.sqlite'}?mode=ro", uri=True) as db:
            record = json.loads(db.execute("SELECT record FROM run ORDER BY run_id DESC LIMIT 1").fetchone()[0])
        if record["state"].get("result_state") != "SUCCESS":
            raise SystemExit(f"the example's run did not succeed: {record['state']}")
        if index:
            walls.append(wall)
            runs.append((record["end_time"] - record["start_time"]) / 1000)
    table = Table("Kiln's own overhead on the example build (kiln build of examples/r-model, embedded engine)",
                  ["measure", "median (s)", "builds"])
    table.add("wall time of kiln build", median(walls), pairs)
    table.add("the run's own time (start to end)", median(runs), pairs)
    table.add("Kiln's overhead: wall time minus the run's", median([w - r for w, r in zip(walls, runs)]), pairs)
    return [table]


def server_load(kiln: Path, venv: Path, work: Path, pairs: int) -> list[Table]:
    server = Server(kiln, work, "load")
    server.api("POST", "/api/2.0/workspace/mkdirs", {"path": "/Shared/load"})
    notebook = "# Databricks notebook source\ndbutils.notebook.exit('ok')\n"
    import base64
    server.api("POST", "/api/2.0/workspace/import", {"path": "/Shared/load/trivial", "language": "PYTHON",
                                                     "format": "SOURCE", "content": base64.b64encode(notebook.encode()).decode()})
    task = {"task_key": "t", "existing_cluster_id": "0000-000000-kilnlocal",
            "notebook_task": {"notebook_path": "/Shared/load/trivial"}}
    count = 20
    job = server.api("POST", "/api/2.1/jobs/create", {"name": "trivial", "max_concurrent_runs": count, "tasks": [task]})["job_id"]
    first = server.api("POST", "/api/2.1/jobs/run-now", {"job_id": job})["run_id"]
    wait_for_runs(server, [first])
    table = Table("The engine as a server (kiln serve, no limits)", ["measure", "value", "how"])
    for label, path in (("workspace/get-status", "/api/2.0/workspace/get-status?path=/Shared/load/trivial"),
                        ("jobs/runs/get", f"/api/2.1/jobs/runs/get?run_id={first}")):
        log(f"server: wrk on {label}, 64 connections, 5 s")
        output = subprocess.run(["wrk", "-t2", "-c64", "-d5s", "--latency", "-H", f"Authorization: Bearer {TOKEN}",
                                 server.url + path], capture_output=True, text=True, check=True).stdout
        rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1))
        p99 = re.search(r"99%\s+(\S+)", output).group(1)
        if "Non-2xx" in output:
            raise SystemExit(f"wrk on {label} got errors:\n{output}")
        table.add(f"{label}: requests a second", f"{rate:,.0f}", f"wrk -t2 -c64 -d5s (p99 {p99})")
    log(f"server: {count} trivial notebook runs started at once")
    started = time.perf_counter()
    ids = [server.api("POST", "/api/2.1/jobs/run-now", {"job_id": job})["run_id"] for _ in range(count)]
    wait_for_runs(server, ids)
    elapsed = time.perf_counter() - started
    table.add("trivial notebook runs completed a second", f"{count / elapsed:.2f}",
              f"{count} run-now at once, all SUCCESS in {elapsed:.1f} s")
    server.stop()
    return [table]


def wait_for_runs(server: Server, ids: list[int]) -> None:
    pending = set(ids)
    while pending:
        for run_id in list(pending):
            state = server.api("GET", f"/api/2.1/jobs/runs/get?run_id={run_id}")["state"]
            if state["life_cycle_state"] in ("TERMINATED", "INTERNAL_ERROR", "SKIPPED"):
                if state.get("result_state") != "SUCCESS":
                    raise SystemExit(f"run {run_id} did not succeed: {state}")
                pending.discard(run_id)
        time.sleep(0.05)


class Beside(threading.Thread):
    """A scenario run on a thread of its own beside the others, its tables or its failure kept."""

    def __init__(self, scenario, *arguments):
        super().__init__(daemon=True)
        self.scenario, self.arguments, self.tables, self.failure = scenario, arguments, [], None

    def run(self) -> None:
        try:
            self.tables = self.scenario(*self.arguments)
        except BaseException as failure:  # SystemExit too: join() raises it again on the main thread
            self.failure = failure

    def join(self, timeout=None) -> list:
        super().join(timeout)
        if self.failure:
            raise self.failure
        return self.tables


SCENARIOS = ["staging", "follow", "startup", "overhead", "server"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kiln", type=Path)
    parser.add_argument("venv", type=Path)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--follow-seconds", type=int, default=30)
    parser.add_argument("--only", default=",".join(SCENARIOS))
    arguments = parser.parse_args()
    kiln, venv = arguments.kiln.resolve(), arguments.venv.resolve()
    started = time.monotonic()
    machine = f"{os.cpu_count()} cores, {Path('/etc/debian_version').read_text().strip() if Path('/etc/debian_version').exists() else '?'}"
    version = subprocess.run([str(kiln), "--version"], capture_output=True, text=True).stdout.strip()
    out = [f"## make bench, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC ({machine}; kiln {version})", ""]
    scenarios = {"staging": staging, "startup": startup, "overhead": overhead, "server": server_load,
                 "follow": lambda *common: follow(*common, arguments.follow_seconds)}
    chosen = arguments.only.split(",")
    with tempfile.TemporaryDirectory(prefix="kiln-bench-") as folder:
        work = Path(folder)
        try:
            # Following runs waits on timers and staging on the limits and the network, neither on
            # the CPU: when both are asked for, the runs go on their own server beside staging.
            beside = None
            if "staging" in chosen and "follow" in chosen:
                chosen.remove("follow")
                beside = Beside(scenarios["follow"], kiln, venv, work, arguments.pairs)
                beside.start()
            for name in chosen:
                tables = scenarios[name](kiln, venv, work, arguments.pairs)
                if name == "staging" and beside:
                    tables += beside.join()
                for table in tables:
                    out.append(table.markdown())
                    print(table.markdown(), flush=True)
        finally:
            for server in Server.running:
                server.stop()
    out.append(f"The whole run took {(time.monotonic() - started) / 60:.1f} minutes.\n")
    print(out[-1])
    target = ROOT / ".build" / "bench" / "latest.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(out))


if __name__ == "__main__":
    main()
