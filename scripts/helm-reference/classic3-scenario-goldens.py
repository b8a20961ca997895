"""Instance goldens for helm-ts's summarization, code, copyright and disinformation scenarios, from
HELM's own scenario classes (crfm-helm 0.5.16).

Usage: <venv>/bin/python scripts/helm-reference/classic3-scenario-goldens.py [CASE...]

Like classic-scenario-goldens.py: each case instantiates the HELM class and calls
get_instances(output_path) on a temp folder pre-filled from the canonical-format fixtures in
test/fixtures/scenarios/classic/ (made by make-classic3-fixtures.py), placed where HELM's
ensure_file_downloaded() looks, so HELM downloads nothing and parses the files helm-ts's loader
tests read. Writes test/fixtures/scenarios/classic/goldens/<case>.json in the same format (count,
counts per split, sha256 of the instances as JSON lines, first three and last instance).
For CodeScenario the golden also records each reference's `test_cases` (HELM keeps them on the
reference object, outside the dataclass fields), which the code metric reads.
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


def copy_file(source: str, target: str):
    def prefill(out: str) -> None:
        os.makedirs(os.path.dirname(os.path.join(out, target)) or out, exist_ok=True)
        shutil.copy(os.path.join(FIXTURES, source), os.path.join(out, target))

    return prefill


SUMMARIZATION_ARGS = {"sampling_min_length": 50, "sampling_max_length": 150, "doc_max_length": 512}
# case name, module, class, constructor args, prefill
CASES = [
    (f"summarization_{name}", "summarization_scenario", "SummarizationScenario", {"dataset_name": d, **args},
     copy_file(f"summarization/{tag}.pk", f"data/{tag}.pk"))
    for name, d, tag, args in (
        ("xsum", "xsum", "xsum", SUMMARIZATION_ARGS),
        ("xsum_sampled", "xsum-sampled", "xsum-sampled", SUMMARIZATION_ARGS),
        ("cnndm", "cnn-dm", "cnndm", SUMMARIZATION_ARGS),
        ("xsum_no_limits", "xsum", "xsum", {}),
    )
]
CASES += [("code_humaneval", "code_scenario", "CodeScenario", {"dataset": "humaneval"}, copy_file("code/HumanEval.jsonl", "HumanEval.jsonl"))]


def apps_prefill(out: str) -> None:
    """The unpacked APPS folder, and HELM's pinned order inside it (where HELM downloads it)."""
    shutil.copytree(os.path.join(FIXTURES, "code", "APPS"), os.path.join(out, "APPS"))
    shutil.copy(os.path.join(FIXTURES, "code", "code_scenario_apps_pinned_file_order.json"), os.path.join(out, "APPS"))


CASES += [("code_apps", "code_scenario", "CodeScenario", {"dataset": "apps"}, apps_prefill)]
CASES += [
    (f"copyright_{name}", "copyright_scenario", "CopyrightScenario", {"datatag": tag}, copy_file(f"copyright/{tag}.json", f"{tag}.json"))
    for name, tag in (
        ("pilot", "pilot"),
        ("n_books_prefix_5", "n_books_1000-extractions_per_book_1-prefix_length_5"),
        ("code_prompt_1", "prompt_num_line_1-min_lines_20.json"),
    )
]
CASES += [
    (f"disinformation_{name}", "disinformation_scenario", "DisinformationScenario", args, copy_file(f"disinformation/{cap}", cap))
    for name, cap, args in (
        ("reiteration_covid", "reiteration", {"capability": "reiteration", "topic": "covid"}),
        ("reiteration_climate", "reiteration", {"capability": "reiteration", "topic": "climate"}),
        ("wedging", "wedging", {"capability": "wedging", "topic": "covid"}),
    )
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
        if name == "code_humaneval":
            golden["test_cases"] = [[ref.test_cases for ref in instance.references] for instance in instances]
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(golden, f, indent=2)
            f.write("\n")
        print(name, len(rows), splits)


if __name__ == "__main__":
    main()
