#!/usr/bin/env python3
"""List the JSON paths whose values differ between two trees of HELM run files.

Usage: json-diff-paths.py DIR_A DIR_B
Compares every *.json file present in both trees (same relative path) and prints, per file
name, each differing path with list indices replaced by [*] and the number of differences.
Used to find which fields vary between two runs of the same HELM command.
"""
import collections, json, os, re, sys

def walk(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}.{k} (missing on one side)")
            else:
                walk(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path} (length {len(a)} vs {len(b)})")
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]", out)
    elif a != b or type(a) is not type(b):
        out.append(path)

def main(da, db):
    counts = collections.Counter()
    identical = []
    for root, _, files in os.walk(da):
        for f in sorted(files):
            if not f.endswith(".json"):
                continue
            pa = os.path.join(root, f)
            pb = os.path.join(db, os.path.relpath(pa, da))
            if not os.path.exists(pb):
                print("only in A:", pa); continue
            if open(pa, "rb").read() == open(pb, "rb").read():
                identical.append(os.path.relpath(pa, da)); continue
            out = []
            walk(json.load(open(pa)), json.load(open(pb)), "$", out)
            for p in out:
                counts[(f, re.sub(r"\[\d+\]", "[*]", p))] += 1
    for (f, p), n in sorted(counts.items()):
        print(f"{f}\t{p}\t{n}")
    print(f"byte-identical files: {len(identical)}")
    for p in identical:
        print("  ", p)

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
