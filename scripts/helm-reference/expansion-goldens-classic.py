"""Expansion goldens: HELM's own run_entries_to_run_specs (crfm-helm 0.5.16) on the HELM Classic confs.

Usage: <venv>/bin/python scripts/helm-reference/expansion-goldens-classic.py [CONF...]
  CONF  conf file names under ../shared/helm-conf (default: run_entries_lite.conf run_entries.conf)

For every entry of each conf (all priorities) and every model of MODELS, calls HELM's
run_entries_to_run_specs([entry], models_to_run=[model]) offline, as `helm-run --models-to-run
<model>` does, and records the run specs. Writes test/golden/helm-expansion/<conf>.jsonl, one line
per (entry, model):
  {"entry": i, "description", "priority", "groups", "model", "names": [...], "sha256": [...], "error"?}
and, for the first model only, "run_specs": the run spec objects as HELM writes run_spec.json.
"sha256" is the hash of each run_spec.json text HELM writes (json.dumps(asdict_without_nones,
indent=2)), so a test can check byte identity for every model while only one model's specs are
stored in full.

Run spec functions that read scenario files while the spec is built (raft's instructions) find
them in ./benchmark_output/scenarios/<name>/ of a temp working dir, filled from the fixture mirror
test/fixtures/scenarios/classic/ (layout: <dataset>/<file>), so nothing is downloaded.
"""

import hashlib
import json
import os
import shutil
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
CONF_DIR = os.path.join(REPO, "..", "shared", "helm-conf")
if not os.path.isdir(CONF_DIR):
    CONF_DIR = "/work/shared/helm-conf"
MIRROR = os.path.join(REPO, "test", "fixtures", "scenarios", "classic")
OUT = os.path.join(REPO, "test", "golden", "helm-expansion")

# A fixed model set: HELM's toy model, a local Hugging Face model, completion and chat API models,
# a code model, a deprecated one (whose group expands to nothing), and models whose tags change the
# spec after expansion (Claude 2 and 3 framing, buggy temperature 0) or whose tokenizer has
# synthetic_efficiency prompts (GPT-J, BLOOM).
MODELS = [
    "simple/model1",
    "openai/gpt2",
    "openai/davinci-002",
    "openai/gpt-3.5-turbo-0125",
    "bigcode/santacoder",
    "ai21/j1-jumbo",
    "anthropic/claude-2.0",
    "anthropic/claude-3-haiku-20240307",
    "eleutherai/gpt-j-6b",
    "bigscience/bloom",
    "google/gemini-1.0-pro-001",
]


def prefill(workdir: str) -> None:
    raft = os.path.join(workdir, "benchmark_output", "scenarios", "raft")
    os.makedirs(raft, exist_ok=True)
    shutil.copy(os.path.join(MIRROR, "raft", "prompt_construction_settings.json"), raft)


def main() -> None:
    from helm.benchmark.config_registry import register_builtin_configs_from_helm_package
    from helm.benchmark.presentation.run_entry import read_run_entries
    from helm.benchmark.run import run_entries_to_run_specs
    from helm.benchmark.run_spec import discover_run_spec_functions
    from helm.common.general import asdict_without_nones

    register_builtin_configs_from_helm_package()
    discover_run_spec_functions()
    confs = sys.argv[1:] or ["run_entries_lite.conf", "run_entries.conf"]
    os.makedirs(OUT, exist_ok=True)
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as workdir:
        prefill(workdir)
        os.chdir(workdir)
        try:
            for conf in confs:
                entries = read_run_entries([os.path.join(CONF_DIR, conf)]).entries
                lines = []
                for i, entry in enumerate(entries):
                    for m, model in enumerate(MODELS):
                        row = {"entry": i, "description": entry.description, "priority": entry.priority, "groups": entry.groups, "model": model}
                        try:
                            specs = run_entries_to_run_specs([entry], models_to_run=[model])
                        except Exception as e:  # recorded: HELM rejects the entry
                            row["error"] = f"{type(e).__name__}: {e}".strip()[:500]
                            row["traceback_tail"] = traceback.format_exc().strip().splitlines()[-1][:300]
                            lines.append(json.dumps(row))
                            continue
                        objects = [asdict_without_nones(s) for s in specs]
                        texts = [json.dumps(o, indent=2) for o in objects]
                        row["names"] = [s.name for s in specs]
                        row["sha256"] = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
                        if m == 0:
                            row["run_specs"] = objects
                        lines.append(json.dumps(row))
                with open(os.path.join(OUT, conf.replace(".conf", ".jsonl")), "w") as f:
                    f.write("\n".join(lines) + "\n")
                errors = sum(1 for line in lines if '"error"' in line)
                print(conf, len(entries), "entries,", len(lines), "rows,", errors, "errors")
        finally:
            os.chdir(cwd)


if __name__ == "__main__":
    main()
