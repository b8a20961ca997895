"""Writes core/models/config/{model_metadata,model_deployments,tokenizer_configs}.yaml from the
model registry of an installed crfm-helm (its helm/config/*.yaml), as data: every entry, field and
order is kept; model descriptions (HELM's prose) are replaced by a neutral placeholder.

Usage: <venv>/bin/python scripts/helm-reference/import-registry.py
       (default venv: /root/.cache/helm-ts/helm-venv with crfm-helm==0.5.16)
"""

import datetime
import os
import sys

import yaml

import helm

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SOURCE = os.path.join(os.path.dirname(helm.__file__), "config")
TARGET = os.path.join(REPO, "core", "models", "config")
FILES = [
    ("model_metadata.yaml", "models"),
    ("tokenizer_configs.yaml", "tokenizer_configs"),
    ("model_deployments.yaml", "model_deployments"),
]


def version() -> str:
    from importlib.metadata import version as v

    return v("crfm-helm")


def without_prose(key: str, entry: dict) -> dict:
    if key != "models" or "description" not in entry:
        return entry
    out = dict(entry)
    out["description"] = f"{entry.get('display_name', entry['name'])} (entry taken from HELM's model registry)."
    return out


class Dumper(yaml.SafeDumper):
    pass


def _date(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


Dumper.add_representer(datetime.date, _date)


def main() -> None:
    for name, key in FILES:
        with open(os.path.join(SOURCE, name), encoding="utf-8") as f:
            entries = yaml.safe_load(f)[key]
        header = (
            f"# HELM's model registry as data: every entry of helm/config/{name} of crfm-helm {version()},\n"
            f"# in HELM's order and shape (written by scripts/helm-reference/import-registry.py; do not edit).\n"
            f"# Model descriptions are placeholders. prod_env/{name} entries are registered after these.\n\n"
        )
        body = yaml.dump(
            {key: [without_prose(key, e) for e in entries]},
            Dumper=Dumper,
            sort_keys=False,
            allow_unicode=True,
            width=1000,
            default_flow_style=False,
        )
        with open(os.path.join(TARGET, name), "w", encoding="utf-8") as f:
            f.write(header + body)
        print(f"{name}: {len(entries)} entries", file=sys.stderr)


if __name__ == "__main__":
    main()
