"""Writes core/summarize/schema/schema_classic.yaml: HELM Classic's schema structure with helm-ts's words.

Everything but prose is HELM 0.5.16's schema_classic.yaml as data (see schema_import.py), minus what
schema-classic-descriptions.yaml leaves out (scenarios, metrics and perturbations helm-ts does not
have) and everything that references it. Descriptions are helm-ts's own: from
schema-classic-descriptions.yaml, then schema-lite-descriptions.yaml, then schema_helm_ts.yaml.

--helm-text PATH writes, instead, HELM's schema_classic.yaml restricted the same way but with HELM's
own text: the reference scripts/helm-reference/summarize-goldens.sh gives HELM's summarizer. It is
HELM's prose, so it goes to a temporary file and is never committed.
Usage: <helm venv>/bin/python scripts/helm-reference/import-schema-classic.py [--helm-text PATH]
"""
import argparse
import fnmatch
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from schema_import import HERE, KINDS, SCHEMA_DIR, helm_ts_field_descriptions, helm_schema, read_yaml, restrict, reword, write_schema  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--helm-text", metavar="PATH", help="write HELM's restricted schema with HELM's descriptions to PATH instead")
args = parser.parse_args()

helm = helm_schema("schema_classic.yaml")
ours = read_yaml(os.path.join(HERE, "schema-classic-descriptions.yaml"))
names = {kind: [e["name"] for e in helm[kind]] for kind in KINDS}

# Left-out names by kind (patterns such as 'cleva_*' expanded against HELM's names).
left_out = {kind: set() for kind in KINDS}
reasons = []
for item in ours["left_out"]:
    listed = []
    for kind in KINDS:
        for pattern in item.get(kind, []):
            matched = fnmatch.filter(names[kind], pattern)
            if not matched:
                raise SystemExit(f"left_out: {pattern} matches no {kind} of HELM's schema_classic.yaml")
            left_out[kind].update(matched)
            listed.append(pattern)
    reasons.append((item["reason"], listed))

out, removed = restrict(helm, left_out)
if args.helm_text:
    write_schema(args.helm_text, ["HELM's schema_classic.yaml (HELM's text) restricted as import-schema-classic.py restricts it."], out)
    print(f"wrote {args.helm_text}")
    sys.exit(0)

reword(out, [ours, read_yaml(os.path.join(HERE, "schema-lite-descriptions.yaml")), helm_ts_field_descriptions()], only_where_helm_has=True)
cascaded = {
    "parent run groups whose subgroups are all left out": [g for g in removed["run_groups"] if g not in left_out["run_groups"]],
    "metric groups whose columns are all left out": removed["metric_groups"],
    "columns of the metric groups kept": [c for c in removed["columns"] if c.split(":")[0] not in removed["metric_groups"]],
}
header = [
    "HELM Classic's summarize schema: HELM 0.5.16's schema_classic.yaml structure (names, display names,",
    "metric groups and their columns, run groups, environments, taxonomy, categories) with helm-ts's own",
    "descriptions. Written by scripts/helm-reference/import-schema-classic.py from",
    "scripts/helm-reference/schema-classic-descriptions.yaml; do not edit by hand.",
    "",
    "Left out of HELM's schema, because helm-ts cannot produce them:",
]
header += [f"- {reason}: {', '.join(listed)}." for reason, listed in reasons]
header += ["", "Left out with them, since they refer only to entries above:"]
header += [f"- {what}: {', '.join(items)}." for what, items in cascaded.items() if items]
path = os.path.join(SCHEMA_DIR, "schema_classic.yaml")
write_schema(path, header, out)
counts = ", ".join(f"{len(out[kind])} {kind}" for kind in KINDS)
print(f"wrote {path}: {counts}; left out {sum(len(v) for k, v in removed.items() if k != 'columns')} entries")
