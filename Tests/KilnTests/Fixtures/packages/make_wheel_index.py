"""Makes a PEP 503 package index on disk holding one pure-Python wheel, kilnprobe 1.0 (its
`VALUE` is 42), with the standard library only: what task-library tests and bench/engine.sh
install from, with no network.

    python3 make_wheel_index.py INDEX_FOLDER
"""
import pathlib
import sys
import zipfile

project = pathlib.Path(sys.argv[1]) / "kilnprobe"
project.mkdir(parents=True)
wheel = "kilnprobe-1.0-py3-none-any.whl"
with zipfile.ZipFile(project / wheel, "w") as archive:
    archive.writestr("kilnprobe/__init__.py", "VALUE = 42\n")
    archive.writestr("kilnprobe-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: kilnprobe\nVersion: 1.0\n")
    archive.writestr("kilnprobe-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: kiln-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
    archive.writestr("kilnprobe-1.0.dist-info/RECORD", "")
(project / "index.html").write_text(f'<a href="{wheel}">{wheel}</a>')
(project.parent / "index.html").write_text('<a href="kilnprobe/">kilnprobe</a>')
