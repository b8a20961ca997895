"""`helm-run` with HELM Instruct's two Hugging Face datasets served from the fixtures (see instruct_shims.py).

Usage: <helm venv>/bin/python scripts/helm-reference/instruct_helm_run.py FIXTURES [helm-run arguments...]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import instruct_shims  # noqa: E402

instruct_shims.serve_hub_datasets(sys.argv[1])
sys.argv = ["helm-run"] + sys.argv[2:]

from helm.benchmark.run import main  # noqa: E402

main()
