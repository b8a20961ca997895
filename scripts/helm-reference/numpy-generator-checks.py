"""Check values for core/common/numpy-generator.ts, from NumPy itself.

Writes test/fixtures/numpy-generator.json: PCG64's state after SeedSequence seeding, raw 64-bit
draws, and Generator.permutation(n) for the seeds and sizes Hugging Face `datasets` shuffles with
(seed 42; MATH's 7,500 train and 5,000 test rows). Usage: <python with numpy> numpy-generator-checks.py
"""
import json
import os

import numpy as np

out = {"numpy": np.__version__, "seeding": [], "raw": [], "permutations": []}
for seed in [0, 1, 42, 12345, 2**32 + 5, 2**70 + 3]:
    bg = np.random.PCG64(seed)
    st = bg.state["state"]
    out["seeding"].append({"seed": str(seed), "state": str(st["state"]), "inc": str(st["inc"])})
for seed in [0, 42]:
    bg = np.random.PCG64(seed)
    out["raw"].append({"seed": seed, "uint64": [str(v) for v in bg.random_raw(8)]})
for seed, n in [(42, 1), (42, 2), (42, 20), (0, 7), (7, 1000), (42, 5000), (42, 7500)]:
    out["permutations"].append({"seed": seed, "n": n, "permutation": np.random.default_rng(seed).permutation(n).tolist()})
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "numpy-generator.json")
with open(path, "w") as f:
    json.dump(out, f)
    f.write("\n")
print(f"wrote {os.path.normpath(path)}")
