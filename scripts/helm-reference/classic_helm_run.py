"""`helm-run` with RAFT's datasets.load_dataset served from the fixtures, and numba's njit as a no-op
for the copyright metric, and SummarizationMetric's offline stand-ins (see classic2_shims.py).

Usage: <helm venv>/bin/python scripts/helm-reference/classic_helm_run.py FIXTURES [helm-run arguments...]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import classic2_shims  # noqa: E402

classic2_shims.install_raft(sys.argv[1])
classic2_shims.install_numba_stand_in()
classic2_shims.install_summarization_stand_ins()
sys.argv = ["helm-run"] + sys.argv[2:]

from helm.benchmark.run import main  # noqa: E402

main()
