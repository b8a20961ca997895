"""`helm-run` with datasets.load_dataset served from a prepared Lite mirror (see lite_mirror.py).

Usage: <helm venv>/bin/python scripts/helm-reference/lite_helm_run.py MIRROR [helm-run arguments...]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import lite_mirror  # noqa: E402

lite_mirror.install(sys.argv[1])
sys.argv = ["helm-run"] + sys.argv[2:]

from helm.benchmark.run import main  # noqa: E402

main()
