"""Writes COUNT JUnit files of CASES test cases each, as pytest's xunit1 writes them (about 66
bytes a passing case; one case in fifty fails with a message and a short traceback), for the
results benchmark.

    python3 make_files.py FOLDER [COUNT] [CASES]
"""
import os
import sys

folder = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
cases = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
os.makedirs(folder, exist_ok=True)
for number in range(count):
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<testsuites><testsuite name="pytest" errors="0" failures="{cases // 50}" skipped="0" tests="{cases}" time="{cases * 0.002:.3f}" timestamp="2026-12-01T10:00:00" hostname="ci">']
    for case in range(cases):
        start = f'<testcase classname="tests.test_m{number}" name="test_{case}" time="0.002"'
        if case % 50 == 49:
            lines.append(start + f'><failure message="assert {case} == {case + 1}">def test_{case}():\n&gt;   assert {case} == {case + 1}\nE   assert {case} == {case + 1}</failure></testcase>')
        else:
            lines.append(start + "/>")
    lines.append("</testsuite></testsuites>")
    with open(os.path.join(folder, f"results-{number:03}.xml"), "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
