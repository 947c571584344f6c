"""The peer of `kiln stage` written with the Databricks SDK for Python as its documentation
shows (WorkspaceClient, workspace.import_, dbfs.upload): every notebook imported as SOURCE with
its language, every artifact uploaded to DBFS, one after another.

The notebooks go through `workspace.import_` (JSON), not `workspace.upload` (a multipart form):
databricks-sdk 0.162.0 never retries the latter ("Retry disabled for non-seekable stream" in
_base_client.py: its form fields are a dict), so the first 429 of a workspace's 30-a-second
limit ends the script, as it did on loopback.

    python stage_sdk.py NOTEBOOKS ARTIFACTS WORKSPACE_DIR DBFS_DIR
"""
import base64
import sys
from pathlib import Path

from databricks.sdk import WorkspaceClient
from databricks.sdk.service.workspace import ImportFormat, Language

LANGUAGES = {".py": Language.PYTHON, ".R": Language.R, ".r": Language.R, ".sql": Language.SQL, ".scala": Language.SCALA}


def main(notebooks: Path, artifacts: Path, workspace_dir: str, dbfs_dir: str) -> None:
    w = WorkspaceClient()
    for folder in sorted({p.parent for p in notebooks.rglob("*") if p.suffix in LANGUAGES}):
        w.workspace.mkdirs(f"{workspace_dir}/{folder.relative_to(notebooks)}".rstrip("/."))
    for path in sorted(notebooks.rglob("*")):
        if path.suffix not in LANGUAGES:
            continue
        w.workspace.import_(f"{workspace_dir}/{path.relative_to(notebooks).with_suffix('')}",
                            content=base64.b64encode(path.read_bytes()).decode(), format=ImportFormat.SOURCE,
                            language=LANGUAGES[path.suffix], overwrite=True)
    for path in sorted(artifacts.rglob("*")):
        if path.is_file():
            with path.open("rb") as f:
                w.dbfs.upload(f"{dbfs_dir}/{path.relative_to(artifacts)}", f, overwrite=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4].removeprefix("dbfs:"))
