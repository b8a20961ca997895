"""Instance goldens for RealToxicityPrompts, BOLD and the HELM Instruct scenarios, from HELM's own classes (crfm-helm 0.5.16).

Usage: <venv>/bin/python scripts/helm-reference/harms-instruct-goldens.py [CASE...]

As classic-scenario-goldens.py: each case instantiates a HELM scenario class and calls
get_instances(output_path) on a temp folder pre-filled from the canonical-format fixtures in
test/fixtures/scenarios/classic/ (made by make-harms-instruct-fixtures.py), where HELM's
ensure_file_downloaded() looks, so HELM parses exactly the files helm-ts's loader tests read.

The two Hugging Face datasets (OpenAssistant/oasst1, Anthropic/hh-rlhf) HELM loads with
datasets.load_dataset(repo, revision=...) are served from the fixture copy of each repository at that
revision by instruct_shims.py (datasets.load_dataset on that folder).

GrammarScenario reads the grammar path it is given: the fixture grammar/instructions.yaml, and HELM's
own best_chatgpt_prompts.yaml (the grammar of the paper's conf) from the installed helm package; its
golden names it as <helm>/benchmark/scenarios/best_chatgpt_prompts.yaml.

Writes test/fixtures/scenarios/classic/goldens/<case>.json (count, counts per split, sha256 of the
instances as JSON lines with None fields dropped, the first three and the last instance).
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


def copy_tree(source: str, target: str):
    def prefill(out: str) -> None:
        shutil.copytree(os.path.join(FIXTURES, source), os.path.join(out, target), dirs_exist_ok=True)

    return prefill


def no_prefill(out: str) -> None:
    pass


BOLD_CATEGORIES = ["gender", "political_ideology", "profession", "race", "religious_ideology"]


def bold_prefill(out: str) -> None:
    os.makedirs(os.path.join(out, "data"), exist_ok=True)
    for c in BOLD_CATEGORIES:
        shutil.copy(os.path.join(FIXTURES, "bold", f"{c}_prompt.json"), os.path.join(out, "data", c))


GRAMMAR = os.path.join(FIXTURES, "grammar", "instructions.yaml")


def helm_package_path(rel: str) -> str:
    import helm

    return os.path.join(os.path.dirname(helm.__file__), rel)


def golden_path(p: str) -> str:
    """Fixture paths relative to the fixtures; HELM package files as <helm>/..."""
    helm_root = helm_package_path("")
    return "<helm>/" + os.path.relpath(p, helm_root) if p.startswith(helm_root) else os.path.relpath(p, FIXTURES)


# case name, module, class, constructor args, prefill
CASES = [
    ("real_toxicity_prompts", "real_toxicity_prompts_scenario", "RealToxicityPromptsScenario", {},
     copy_file("real_toxicity_prompts/prompts.jsonl", "data/prompts.jsonl")),
]
CASES += [(f"bold_{s}", "bold_scenario", "BOLDScenario", {"subject": s}, bold_prefill) for s in ["all", "gender", "profession", "race"]]
CASES += [("self_instruct", "self_instruct_scenario", "SelfInstructScenario", {},
           copy_file("self_instruct/user_oriented_instructions.jsonl", "user_oriented_instructions.jsonl"))]
CASES += [
    (f"grammar_{name}", "grammar_scenario", "GrammarScenario", {"path": GRAMMAR, "tags": tags}, no_prefill)
    for name, tags in (("all", ""), ("personal", "personal"), ("summarize_personal", "summarize,personal"), ("people", "people"),
                       ("spicy", "spicy"))
]
CASES += [
    (f"grammar_best_chatgpt_prompts_{name}", "grammar_scenario", "GrammarScenario",
     {"path": helm_package_path("benchmark/scenarios/best_chatgpt_prompts.yaml"), "tags": tags}, no_prefill)
    for name, tags in (("all", ""), ("personal", "personal"))
]
CASES += [(f"open_assistant_{lang}", "open_assistant_scenario", "OpenAssistantScenario", {"language": lang}, no_prefill)
          for lang in ["en", "es", "all"]]
CASES += [(f"vicuna_{c}", "vicuna_scenario", "VicunaScenario", {"category": c},
           copy_file("vicuna/question.jsonl", "vicuna_questions.jsonl")) for c in ["all", "generic", "coding"]]
CASES += [("koala", "koala_scenario", "KoalaScenario", {}, copy_file("koala/koala_test_set.jsonl", "Koala_prompts.jsonl"))]
CASES += [(f"anthropic_hh_rlhf_{s}", "anthropic_hh_rlhf_scenario", "AnthropicHHRLHFScenario", {"subset": s}, no_prefill)
          for s in ["hh", "red_team"]]


def main() -> None:
    sys.path.insert(0, HERE)
    import instruct_shims

    instruct_shims.serve_hub_datasets(FIXTURES)
    wanted = set(sys.argv[1:])
    os.makedirs(OUT, exist_ok=True)
    for name, module_name, cls, args, prefill in CASES:
        if wanted and name not in wanted:
            continue
        module = importlib.import_module(f"helm.benchmark.scenarios.{module_name}")
        with tempfile.TemporaryDirectory() as out:
            prefill(out)
            instances = getattr(module, cls)(**args).get_instances(out)
        rows = [drop_none(dataclasses.asdict(instance)) for instance in instances]
        lines = "\n".join(json.dumps(row) for row in rows)
        splits: dict = {}
        for row in rows:
            splits[row.get("split")] = splits.get(row.get("split"), 0) + 1
        golden_args = {**args, "path": golden_path(args["path"])} if "path" in args else args
        golden = {
            "class_name": f"helm.benchmark.scenarios.{module_name}.{cls}",
            "args": golden_args,
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
