"""The staging workload of `make bench`: 300 notebooks (2-40 KB, half R, half Python, in ten
folders) and 20 artifacts (10 KB to 20 MB, 95 MB in all), the same bytes on every run.

    python3 make_tree.py REPO
"""
import random
import sys
from pathlib import Path

WORDS = "model data frame train test predict score feature column value mean error fit sample".split()
ARTIFACT_KB = [10, 25, 50, 100, 200, 300, 500, 700, 1024, 1536, 2048, 3072, 4096, 5120, 6144, 8192,
               10240, 15360, 18432, 20480]


def notebook(rng: random.Random, language: str, size: int) -> str:
    comment = "#" if language in ("py", "R") else "--"
    lines = [f"{comment} Databricks notebook source"]
    while sum(len(line) + 1 for line in lines) < size:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
        lines.append(f"{comment} {words}" if rng.random() < 0.3 else f"x_{rng.randint(0, 999)} <- \"{words}\""
                     if language == "R" else f"x_{rng.randint(0, 999)} = \"{words}\"")
    return "\n".join(lines)[:size] + "\n"


def main(repo: Path) -> None:
    rng = random.Random(13)
    for i in range(300):
        language = "R" if i % 2 else "py"
        path = repo / "notebooks" / f"area_{i % 10}" / f"notebook_{i:03}.{language}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(notebook(rng, language, rng.randint(2, 40) * 1024))
    for i, kilobytes in enumerate(ARTIFACT_KB):
        path = repo / "models" / f"artifact_{i:02}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rng.randbytes(kilobytes * 1024))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
