"""Writes core/run-specs/helm-run-spec-function-names.json: the names of HELM's run spec functions.

helm-ts uses the list to tell "a HELM run spec function helm-ts does not have yet" from a typo.
Names only (data), sorted. Usage: <helm venv>/bin/python scripts/helm-reference/import-run-spec-function-names.py
"""
import json
import os

from helm.benchmark.run_spec import _REGISTERED_RUN_SPEC_FUNCTIONS, discover_run_spec_functions

import helm

discover_run_spec_functions()
names = sorted(_REGISTERED_RUN_SPEC_FUNCTIONS)
version = getattr(helm, "__version__", None)
if version is None:
    from importlib.metadata import version as package_version

    version = package_version("crfm-helm")
out = os.path.join(os.path.dirname(__file__), "..", "..", "core", "run-specs", "helm-run-spec-function-names.json")
with open(out, "w") as f:
    json.dump({"helm": f"crfm-helm {version}", "names": names}, f, indent=1)
    f.write("\n")
print(f"{len(names)} run spec function names -> {os.path.normpath(out)}")
