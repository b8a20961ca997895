"""Expansion goldens: HELM's own run-entry expansion, offline, for every entry of HELM's conf files.

For each conf file below and each model of MODELS (plus one model per post-processing tag), every
entry is expanded alone, exactly as `helm-run --conf-paths <conf> --models-to-run <model>
--max-eval-instances 10` does (helm.benchmark.run.run_entries_to_run_specs, no priority filter),
and test/golden/expansion/<conf stem>.jsonl gets one line per (entry, model):
  {"entry": description, "priority": p, "model": m, "names": [...], "run_specs": [<run_spec.json text, compact>]}
or, where HELM raises, {"entry", "priority", "model", "error": "<exception type>: <message>"}.
Each run spec text is json.dumps(asdict_without_nones(run_spec)): run_spec.json minus its indent.

LegalBench's run spec function reads its prompt settings file while expanding; the script runs in a
temp dir whose benchmark_output/scenarios/legalbench/ holds the copy from the data mirror, so
nothing is downloaded.

Usage: <helm venv>/bin/python scripts/helm-reference/expansion-goldens.py [DATA_DIR] [CONF_DIR]
  DATA_DIR default ../shared/data (beside the repository), CONF_DIR default ../shared/helm-conf.
"""
import json
import os
import shutil
import sys
import tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data"))
CONF_DIR = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(REPO, "..", "shared", "helm-conf"))
OUT = os.path.join(REPO, "test", "golden", "expansion")

CONFS = [
    "run_entries_lite_20240424.conf",
    "run_entries_lite_20240424_output_format_instructions.conf",
    "run_entries_lite_20240424_instruct.conf",
    # HELM Classic (v0.2.4+): the test checks the entries whose run spec function helm-ts has.
    "run_entries_lite.conf",
]
# Classic's 281 entries with two models only (a base model and a Hugging Face one) keep the file small.
CONF_MODELS = {"run_entries_lite.conf": ["simple/model1", "openai/gpt2"]}

# Every branch of the expanders the Lite confs use: a base model, a Hugging Face one, an OpenAI
# chat model, Claude 2 and 3, a Llama chat model, Gemini (instruction-following and vision tags).
MODELS = [
    "simple/model1",
    "openai/gpt2",
    "openai/gpt-4o-2024-05-13",
    "anthropic/claude-2.1",
    "anthropic/claude-3-5-sonnet-20240620",
    "meta/llama-3-8b-chat",
    "google/gemini-1.5-pro-002",
    "google/medlm-large",
]
# Tags that change a run spec after expansion (run_spec_factory): the first model that has each.
POST_PROCESS_TAGS = [
    "NO_NEWLINES_TAG",
    "NLG_PREFIX_TAG",
    "CHATML_MODEL_TAG",
    "ANTHROPIC_CLAUDE_1_MODEL_TAG",
    "BUGGY_TEMP_0_TAG",
    "GOOGLE_GEMINI_PRO_VISION_V1_TAG",
]
MAX_EVAL_INSTANCES = 10


def main() -> None:
    work = tempfile.mkdtemp(prefix="helm-expansion-")
    try:
        os.chdir(work)
        legalbench = os.path.join(work, "benchmark_output", "scenarios", "legalbench")
        os.makedirs(legalbench)
        shutil.copy(
            os.path.join(DATA, "legalbench", "helm_prompt_settings.jsonl"),
            os.path.join(legalbench, "prompt_construction_settings.json"),
        )

        from helm.benchmark.config_registry import register_builtin_configs_from_helm_package
        from helm.benchmark.model_metadata_registry import ALL_MODELS_METADATA
        from helm.benchmark.presentation.run_entry import read_run_entries
        from helm.benchmark.run import run_entries_to_run_specs
        from helm.common.general import asdict_without_nones

        register_builtin_configs_from_helm_package()
        models = list(MODELS)
        for tag in POST_PROCESS_TAGS:
            tagged = [m.name for m in ALL_MODELS_METADATA if tag in m.tags]
            if tagged and tagged[0] not in models:
                models.append(tagged[0])

        os.makedirs(OUT, exist_ok=True)
        for conf in CONFS:
            entries = read_run_entries([os.path.join(CONF_DIR, conf)]).entries
            lines = []
            for entry in entries:
                for model in CONF_MODELS.get(conf, models):
                    record = {"entry": entry.description, "priority": entry.priority, "model": model}
                    try:
                        specs = run_entries_to_run_specs(
                            run_entries=[entry],
                            max_eval_instances=MAX_EVAL_INSTANCES,
                            num_train_trials=None,
                            models_to_run=[model],
                        )
                        record["names"] = [s.name for s in specs]
                        record["run_specs"] = [json.dumps(asdict_without_nones(s)) for s in specs]
                    except Exception as e:  # noqa: BLE001 - the golden records HELM's failure
                        record["error"] = f"{type(e).__name__}: {e}"
                    lines.append(json.dumps(record))
            stem = conf[: -len(".conf")]
            with open(os.path.join(OUT, f"{stem}.jsonl"), "w") as f:
                f.write("\n".join(lines) + "\n")
            print(f"{conf}: {len(entries)} entries x {len(CONF_MODELS.get(conf, models))} models -> test/golden/expansion/{stem}.jsonl")
        with open(os.path.join(OUT, "models.json"), "w") as f:
            json.dump(
                {"models": models, "conf_models": CONF_MODELS, "max_eval_instances": MAX_EVAL_INSTANCES, "confs": CONFS},
                f,
                indent=1,
            )
            f.write("\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
