"""Writes core/summarize/schema/schema_lite.yaml: HELM Lite's schema structure with helm-ts's words.

Everything but prose is HELM 0.5.16's schema_lite.yaml as data (see schema_import.py). Every
`description` is helm-ts's own, from schema-lite-descriptions.yaml or, for metrics and
perturbations, core/summarize/schema/schema_helm_ts.yaml. Metrics with neither (HELM metrics
helm-ts does not compute) are left out and listed in the header.
Usage: <helm venv>/bin/python scripts/helm-reference/import-schema-lite.py
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from schema_import import HERE, SCHEMA_DIR, first_text, helm_schema, helm_ts_field_descriptions, read_yaml, restrict, reword, write_schema  # noqa: E402

helm = helm_schema("schema_lite.yaml")
sources = [read_yaml(os.path.join(HERE, "schema-lite-descriptions.yaml")), helm_ts_field_descriptions()]
undescribed = [m["name"] for m in helm["metrics"] if first_text(sources, "metrics", m["name"]) is None]
out, removed = restrict(helm, {"metrics": set(undescribed)})
if removed["columns"] or removed["metric_groups"] or removed["run_groups"]:
    raise SystemExit(f"a left-out metric is shown in a column: {removed}")
reword(out, sources, only_where_helm_has=False)
left_out = removed["metrics"]
header = [
    "HELM Lite's summarize schema: HELM 0.5.16's schema_lite.yaml structure (names, display names, metric",
    "groups, columns, run groups, taxonomy) with helm-ts's own descriptions. Written by",
    "scripts/helm-reference/import-schema-lite.py; do not edit by hand. HELM metrics helm-ts does not",
    f"compute are left out ({len(left_out)}): {', '.join(left_out)}.",
]
path = os.path.join(SCHEMA_DIR, "schema_lite.yaml")
write_schema(path, header, out)
print(f"wrote {path}: {len(out['metrics'])} metrics, {len(out['run_groups'])} run groups; left out {len(left_out)}")
