"""Writes core/summarize/schema/schema_lite.yaml: HELM Lite's schema structure with helm-ts's words.

Everything but prose is HELM 0.5.16's schema_lite.yaml as data (names, display names, units,
lower_is_better, metric groups and their columns, run groups with their metric groups,
environment, taxonomy, subgroups, categories). Every `description` is helm-ts's own, from
schema-lite-descriptions.yaml or, for metrics and perturbations, core/summarize/schema/schema_helm_ts.yaml.
Metrics with neither (HELM metrics helm-ts does not compute) are left out and listed in the header.
Usage: <helm venv>/bin/python scripts/helm-reference/import-schema-lite.py
"""
import os

import yaml
from helm.benchmark.presentation.schema import SCHEMA_YAML_PACKAGE  # noqa: F401 (checks the install)
import importlib.resources as resources

HERE = os.path.dirname(__file__)
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
helm = yaml.safe_load(resources.files("helm.benchmark.static").joinpath("schema_lite.yaml").read_text())
ours = yaml.safe_load(open(os.path.join(HERE, "schema-lite-descriptions.yaml")))
helm_ts = yaml.safe_load(open(os.path.join(REPO, "core", "summarize", "schema", "schema_helm_ts.yaml")))
fallback = {
    "metrics": {m["name"]: m["description"] for m in helm_ts["metrics"]},
    "perturbations": {p["name"]: p["description"] for p in helm_ts["perturbations"]},
}


def described(kind, entries):
    kept, dropped = [], []
    for entry in entries:
        text = ours.get(kind, {}).get(entry["name"]) or fallback.get(kind, {}).get(entry["name"])
        if text is None:
            if kind in fallback:
                dropped.append(entry["name"])
                continue
            raise SystemExit(f"no description for {kind} {entry['name']}")
        kept.append({**entry, "description": text})
    return kept, dropped


out = {}
left_out = []
for kind in ["metrics", "perturbations", "metric_groups", "run_groups"]:
    out[kind], dropped = described(kind, helm[kind])
    left_out += dropped
header = (
    "# HELM Lite's summarize schema: HELM 0.5.16's schema_lite.yaml structure (names, display names, metric\n"
    "# groups, columns, run groups, taxonomy) with helm-ts's own descriptions. Written by\n"
    "# scripts/helm-reference/import-schema-lite.py; do not edit by hand. HELM metrics helm-ts does not\n"
    f"# compute are left out ({len(left_out)}): {', '.join(left_out)}.\n"
)
path = os.path.join(REPO, "core", "summarize", "schema", "schema_lite.yaml")
with open(path, "w") as f:
    f.write(header + "---\n" + yaml.safe_dump(out, sort_keys=False, allow_unicode=True, width=1000))
print(f"wrote {path}: {len(out['metrics'])} metrics, {len(out['run_groups'])} run groups; left out {len(left_out)}")
