"""Instance goldens for helm-ts's HELM Classic scenarios, from HELM's own scenario classes (crfm-helm 0.5.16).

Usage: <venv>/bin/python scripts/helm-reference/classic-scenario-goldens.py [CASE...]

Each case instantiates a HELM scenario class and calls get_instances(output_path) on a temp
folder. Scenarios that download data find it already there: the folder is pre-filled from the
canonical-format fixtures in test/fixtures/scenarios/classic/<dataset>/ (laid out as the data
mirror is), placed where HELM's ensure_file_downloaded() looks, so HELM skips the download and
parses exactly the files helm-ts's loader tests read. Generated scenarios need no files.

Writes test/fixtures/scenarios/classic/goldens/<case>.json in the format of
test/fixtures/scenarios/dump_helm_instances.py: count, counts per split, the sha256 of the
instances as JSON lines (json.dumps, None fields dropped), the first three and the last instance.
"""

import dataclasses
import hashlib
import importlib
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
FIXTURES = os.path.join(REPO, "test", "fixtures", "scenarios", "classic")
OUT = os.path.join(FIXTURES, "goldens")


def drop_none(value):
    if isinstance(value, dict):
        return {k: drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_none(v) for v in value]
    return value


def copy_tree(dataset: str, target: str):
    """Copies fixtures/<dataset>/ into target/ (HELM's download target)."""

    def prefill(out: str) -> None:
        shutil.copytree(os.path.join(FIXTURES, dataset), os.path.join(out, target), dirs_exist_ok=True)

    return prefill


def no_prefill(out: str) -> None:
    pass


# case name, module, class, constructor args, prefill
CASES = [
    (f"dyck_language_np{n}", "dyck_language_scenario", "DyckLanguageScenario", {"num_parenthesis_pairs": n}, no_prefill)
    for n in (1, 2, 3, 4)
]
CASES += [
    (f"twitter_aae_{d}", "twitter_aae_scenario", "TwitterAAEScenario", {"demographic": d}, copy_tree("twitter_aae", "."))
    for d in ("aa", "white")
]
CASES += [
    (f"wikifact_{s}", "wikifact_scenario", "WIKIFactScenario", {"subject": s}, copy_tree("wikifact", "data"))
    for s in ("place_of_birth", "currency", "author", "instance_of", "plaintiff")
]
CASES += [
    (f"babi_qa_{t}", "babi_qa_scenario", "BabiQAScenario", {"task": t}, copy_tree("babi_qa", "data"))
    for t in ("all", 3, 15, 19)
]


def main() -> None:
    wanted = set(sys.argv[1:])
    os.makedirs(OUT, exist_ok=True)
    for name, module, cls, args, prefill in CASES:
        if wanted and name not in wanted:
            continue
        scenario_class = getattr(importlib.import_module(f"helm.benchmark.scenarios.{module}"), cls)
        with tempfile.TemporaryDirectory() as out:
            prefill(out)
            instances = scenario_class(**args).get_instances(out)
        rows = [drop_none(dataclasses.asdict(instance)) for instance in instances]
        lines = "\n".join(json.dumps(row) for row in rows)
        splits: dict = {}
        for row in rows:
            splits[row.get("split")] = splits.get(row.get("split"), 0) + 1
        golden = {
            "class_name": f"helm.benchmark.scenarios.{module}.{cls}",
            "args": args,
            "count": len(rows),
            "splits": splits,
            "sha256": hashlib.sha256(lines.encode("utf-8")).hexdigest(),
            "first": rows[:3],
            "last": rows[-1] if rows else None,
        }
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(golden, f, indent=2)
            f.write("\n")
        print(name, len(rows), splits)


if __name__ == "__main__":
    main()
