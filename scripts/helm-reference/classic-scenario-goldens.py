"""Instance goldens for helm-ts's HELM Classic scenarios, from HELM's own scenario classes (crfm-helm 0.5.16).

Usage: <venv>/bin/python scripts/helm-reference/classic-scenario-goldens.py [CASE...]
(the ICE cases need xlrd in that venv: pip install "xlrd~=2.0", HELM's `scenarios` extra)

Each case instantiates a HELM scenario class and calls get_instances(output_path) on a temp
folder. Scenarios that download data find it already there: the folder is pre-filled from the
canonical-format fixtures in test/fixtures/scenarios/classic/<dataset>/ (laid out as the data
mirror is), placed where HELM's ensure_file_downloaded() looks, so HELM skips the download and
parses exactly the files helm-ts's loader tests read. Generated scenarios need no files.
ThePileScenario's subsample indices, which HELM fetches with requests.get on every load, are
answered from the same fixtures (see serve_pile_indices_from_fixtures).

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


def copy_file(source: str, target: str):
    """Copies fixtures/<source> to target (HELM's download target, a file)."""

    def prefill(out: str) -> None:
        os.makedirs(os.path.dirname(os.path.join(out, target)) or out, exist_ok=True)
        shutil.copy(os.path.join(FIXTURES, source), os.path.join(out, target))

    return prefill


LM_PERPLEXITY = "https://raw.githubusercontent.com/EleutherAI/lm_perplexity/main/assets/test_subsample_indices/"


class FixtureResponse:
    def __init__(self, path: str):
        self.path = path

    def json(self):
        with open(self.path) as f:
            return json.load(f)


def serve_pile_indices_from_fixtures() -> None:
    """ThePileScenario fetches lm_perplexity's subsample indices with requests.get (no download
    cache); answer those URLs from fixtures/the_pile/test_subsample_indices/ instead."""
    import requests

    real_get = requests.get

    def get(url, *args, **kwargs):
        if url.startswith(LM_PERPLEXITY):
            return FixtureResponse(os.path.join(FIXTURES, "the_pile", "test_subsample_indices", url[len(LM_PERPLEXITY):]))
        return real_get(url, *args, **kwargs)

    requests.get = get


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
    (f"the_pile_{s.replace(' ', '_').replace('(', '').replace(')', '')}", "the_pile_scenario", "ThePileScenario", {"subset": s},
     copy_file("the_pile/test.jsonl", "data"))
    for s in ("ArXiv", "BookCorpus2", "Enron Emails", "Github", "PubMed Central", "Wikipedia (en)")
]
CASES += [
    (f"civil_comments_{d}", "civil_comments_scenario", "CivilCommentsScenario", {"demographic": d},
     copy_file("civil_comments/all_data_with_identities.csv", "wilds_civil_comments.csv"))
    for d in ("all", "male", "female", "LGBTQ", "christian", "muslim", "other_religions", "black", "white")
]
CASES += [
    (f"blimp_{p}", "blimp_scenario", "BLiMPScenario", {"phenomenon": p}, copy_tree("blimp", "data"))
    for p in ("irregular_forms", "quantifiers", "island_effects", "binding")
]
CASES += [("legal_support", "legal_support_scenario", "LegalSupportScenario", {}, copy_tree("legal_support", "data"))]
CASES += [
    (f"synthetic_efficiency_{n}", "synthetic_efficiency_scenario", "SyntheticEfficiencyScenario",
     {"num_prompt_tokens": n, "num_instances": 10, "tokenizer": "huggingface/gpt2"}, copy_tree("synthetic_efficiency", "."))
    for n in (1, 256)
]
CASES += [
    (f"imdb_{name}", "imdb_scenario", "IMDBScenario", args, copy_tree("imdb", "data"))
    for name, args in (("default", {}), ("only_contrast", {"only_contrast": "True"}))
]
CASES += [("quac", "quac_scenario", "QuACScenario", {}, lambda out: [
    os.makedirs(os.path.join(out, "data"), exist_ok=True),
    *(shutil.copy(os.path.join(FIXTURES, "quac", f"{s}_v0.2.json"), os.path.join(out, "data", f"{s}.json")) for s in ("train", "val")),
])]
CASES += [
    (f"bbq_{s}", "bbq_scenario", "BBQScenario", {"subject": s}, lambda out: [
        os.makedirs(os.path.join(out, "data"), exist_ok=True),
        *(shutil.copy(os.path.join(FIXTURES, "bbq", f), os.path.join(out, "data", f[: -len(".jsonl")]))
          for f in os.listdir(os.path.join(FIXTURES, "bbq"))),
    ])
    for s in ("all", "Race_x_SES", "SES")
]
CASES += [
    (f"raft_{s}", "raft_scenario", "RAFTScenario", {"subset": s},
     copy_file("raft/prompt_construction_settings.json", "data/prompt_construction_settings.json"))
    for s in ("ade_corpus_v2", "tai_safety_research")
]
CASES += [
    (f"entity_matching_{d}", "entity_matching_scenario", "EntityMatchingScenario", {"dataset": d}, lambda out, d=d: [
        copy_tree(f"entity_matching/{d}", f"data/{d}")(out),
        copy_file("entity_matching/entity_matching_scenario_fixed_random_state.json", "entity_matching_scenario_fixed_random_state.json")(out),
    ])
    for d in ("Beer", "Abt_Buy", "Dirty_iTunes_Amazon")
]
CASES += [
    (f"entity_data_imputation_{d}", "entity_data_imputation_scenario", "EntityDataImputationScenario", {"dataset": d},
     copy_tree(f"entity_data_imputation/{d}", f"data/{d}"))
    for d in ("Buy", "Restaurant")
]
CASES += [
    (f"msmarco_{t}_{k}", "msmarco_scenario", "MSMARCOScenario", {"track": t, "valid_topk": k}, lambda out, t=t: [
        copy_file(f"msmarco/{key}.tsv", f"data/{key}.tsv")(out)
        for key in ["documents", "train_queries", "train_qrels", "train_topk", f"{t}_queries", f"{t}_qrels", f"{t}_topk"]
    ])
    for t, k in (("regular", 30), ("trec", 30), ("regular", 11))
]
def ice_prefill(out: str) -> None:
    """HELM reads ICE from restricted/ice/ in the working directory (main() runs ICE cases from `out`)."""
    os.makedirs(os.path.join(out, "restricted"))
    os.symlink(os.path.join(FIXTURES, "ice"), os.path.join(out, "restricted", "ice"))
    copy_file("ice/ice_scenario_pinned_file_order.json", "ice_scenario_pinned_file_order.json")(out)


CASES += [
    (f"ice_{name}", "ice_scenario", "ICEScenario", args, ice_prefill)
    for name, args in (
        ("ea", {"subset": "ea"}), ("hk", {"subset": "hk"}), ("ind", {"subset": "ind"}), ("usa", {"subset": "usa"}),
        ("can", {"subset": "can"}), ("gender_female", {"gender": "female"}), ("gender_male", {"gender": "male"}),
        ("can_male", {"subset": "can", "gender": "male"}), ("ind_S1", {"subset": "ind", "category": "S1"}),
        ("ea_W", {"subset": "ea", "category": "W"}), ("ea_S2", {"subset": "ea", "category": "S2"}),
        ("usa_W2", {"subset": "usa", "category": "W2"}),
    )
]
CASES += [
    (f"babi_qa_{t}", "babi_qa_scenario", "BabiQAScenario", {"task": t}, copy_tree("babi_qa", "data"))
    for t in ("all", 3, 15, 19)
]


def main() -> None:
    serve_pile_indices_from_fixtures()
    sys.path.insert(0, HERE)
    import classic2_shims

    classic2_shims.install_raft(FIXTURES)
    wanted = set(sys.argv[1:])
    os.makedirs(OUT, exist_ok=True)
    for name, module, cls, args, prefill in CASES:
        if wanted and name not in wanted:
            continue
        scenario_class = getattr(importlib.import_module(f"helm.benchmark.scenarios.{module}"), cls)
        with tempfile.TemporaryDirectory() as out:
            prefill(out)
            cwd = os.getcwd()
            if module == "ice_scenario":
                os.chdir(out)
            try:
                instances = scenario_class(**args).get_instances(out)
            finally:
                os.chdir(cwd)
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
