"""Medians and ratios from hyperfine's JSON exports: the first command of each file is Kiln,
the others are peers, each compared with it."""
import json
import sys

print("| scenario | command | median (s) | runs | peer ÷ kiln |")
print("|---|---|---|---|---|")
for path in sys.argv[1:]:
    results = json.load(open(path))["results"]
    kiln = results[0]["median"]
    scenario = path.rsplit("/", 1)[-1].removesuffix(".json")
    for result in results:
        ratio = "" if result is results[0] else f"{result['median'] / kiln:.2f}×"
        print(f"| {scenario} | {result['command']} | {result['median']:.2f} | {len(result['times'])} | {ratio} |")
