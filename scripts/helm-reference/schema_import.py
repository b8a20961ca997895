"""Shared by import-schema-lite.py and import-schema-classic.py: one of HELM's packaged schemas as data.

HELM's structure is carried over (names, display names, units, lower_is_better, metric groups and
their columns, run groups with their metric groups, environment, taxonomy, subgroups, categories,
visibility); its prose (`description`, `short_description`) is replaced by helm-ts's own words.
Entries helm-ts leaves out are removed together with every reference to them.
"""
import importlib.resources as resources
import os

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
SCHEMA_DIR = os.path.join(REPO, "core", "summarize", "schema")
KINDS = ["metrics", "perturbations", "metric_groups", "run_groups"]
PROSE = ["description", "short_description"]


def helm_schema(file_name):
    """HELM 0.5.16's packaged schema (helm/benchmark/static/<file_name>) as plain data."""
    return yaml.safe_load(resources.files("helm.benchmark.static").joinpath(file_name).read_text())


def read_yaml(path):
    """A YAML file of ours; a header before a `---` line is skipped."""
    with open(path) as f:
        return yaml.safe_load(f)


def helm_ts_field_descriptions():
    """Metric and perturbation descriptions of helm-ts's default schema (schema_helm_ts.yaml)."""
    ours = read_yaml(os.path.join(SCHEMA_DIR, "schema_helm_ts.yaml"))
    return {
        "metrics": {m["name"]: m["description"] for m in ours["metrics"]},
        "perturbations": {p["name"]: p["description"] for p in ours["perturbations"]},
    }


def first_text(sources, kind, name, field="description"):
    """The first of `sources` ({kind: {name: text or {field: text}}}) that words this entry."""
    for source in sources:
        text = source.get(kind, {}).get(name)
        if isinstance(text, dict):
            text = text.get(field)
        elif field != "description":
            text = None
        if text is not None:
            return text
    return None


def restrict(schema, left_out):
    """`schema` without the entries named in left_out ({kind: set of names}) and every reference to them.

    Cascades until nothing changes: a metric group column whose metric or perturbation is gone is
    removed, a metric group left without columns goes, run groups lose the metric groups and
    subgroups that went, and a parent group whose subgroups all went goes too. Returns the restricted
    schema and {kind: [names removed]} (in HELM's order), the removed columns under "columns".
    """
    out = {kind: [dict(e) for e in schema.get(kind, [])] for kind in KINDS}
    removed = {kind: [] for kind in KINDS}
    removed["columns"] = []
    gone = {kind: set(left_out.get(kind, ())) for kind in KINDS}
    unknown = {kind: gone[kind] - {e["name"] for e in out[kind]} for kind in KINDS}
    if any(unknown.values()):
        raise SystemExit(f"left out but not in HELM's schema: {unknown}")
    while True:
        for kind in KINDS:
            for entry in out[kind]:
                if entry["name"] in gone[kind]:
                    removed[kind].append(entry["name"])
            out[kind] = [e for e in out[kind] if e["name"] not in gone[kind]]
        metrics = {m["name"] for m in out["metrics"]}
        perturbations = {p["name"] for p in out["perturbations"]}
        changed = False
        for group in out["metric_groups"]:
            kept = []
            for column in group["metrics"]:
                name_ok = column["name"].startswith("${") or column["name"] in metrics
                perturbation = column.get("perturbation_name")
                perturbation_ok = perturbation is None or perturbation.startswith(("${", "__")) or perturbation in perturbations
                if name_ok and perturbation_ok:
                    kept.append(column)
                else:
                    removed["columns"].append(f"{group['name']}: {column['name']}" + (f" ({perturbation})" if perturbation else ""))
            if len(kept) != len(group["metrics"]):
                group["metrics"] = kept
                changed = True
            if not kept:
                gone["metric_groups"].add(group["name"])
                changed = True
        metric_groups = {g["name"] for g in out["metric_groups"]} - gone["metric_groups"]
        run_groups = {g["name"] for g in out["run_groups"]} - gone["run_groups"]
        for group in out["run_groups"]:
            for field, names in [("metric_groups", metric_groups), ("subgroup_metric_groups_hidden", metric_groups), ("subgroups", run_groups)]:
                if field not in group:
                    continue
                kept = [n for n in group[field] if n in names]
                if len(kept) != len(group[field]):
                    if field == "subgroups" and not kept:
                        gone["run_groups"].add(group["name"])
                    group[field] = kept
                    changed = True
        if not changed and not any(e["name"] in gone[kind] for kind in KINDS for e in out[kind]):
            return out, removed


def reword(schema, sources, only_where_helm_has):
    """Every description (and short_description) of `schema` replaced by the first of `sources` that has one.

    With only_where_helm_has, an entry HELM leaves undescribed stays undescribed (so the files
    written from it have HELM's shape); otherwise every entry gets ours. A missing text is an error.
    """
    missing = []
    for kind in KINDS:
        for entry in schema[kind]:
            for field in PROSE:
                if only_where_helm_has and entry.get(field) is None:
                    continue
                if field == "short_description" and entry.get(field) is None:
                    continue
                text = first_text(sources, kind, entry["name"], field)
                if text is None:
                    missing.append(f"{kind} {entry['name']} ({field})")
                else:
                    entry[field] = text
    if missing:
        raise SystemExit("no helm-ts wording for: " + ", ".join(missing))
    return schema


def write_schema(path, header, schema):
    """The schema YAML with `header` (lines, without '# ') above a `---` line."""
    text = "".join(f"# {line}\n" if line else "#\n" for line in header)
    with open(path, "w") as f:
        f.write(text + "---\n" + yaml.safe_dump(schema, sort_keys=False, allow_unicode=True, width=1000))
