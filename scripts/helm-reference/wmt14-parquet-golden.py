"""HELM's WMT14Scenario('de', 'en') instances on the small Hub-layout Parquet fixture.

The fixture (test/fixtures/huggingface/, from make-parquet-fixtures.py) stands in for wmt/wmt14 at
HELM's revision: lite_mirror.install serves load_dataset("wmt14", "de-en") from it through
datasets' own Parquet builder, and HELM's scenario code (shuffle(seed=42), [:20000],
de-duplication, split order) runs unchanged. Writes test/fixtures/huggingface/wmt14-de-en-helm-instances.json
as [input, reference, split] triples. Usage: <helm venv>/bin/python scripts/helm-reference/wmt14-parquet-golden.py
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import lite_mirror  # noqa: E402

REPO = lite_mirror.REPO
mirror = os.path.join(REPO, "test", "fixtures")
os.environ["HF_DATASETS_CACHE"] = tempfile.mkdtemp(prefix="hf-cache-")
lite_mirror.install(mirror)

from helm.benchmark.scenarios.wmt_14_scenario import WMT14Scenario  # noqa: E402

instances = WMT14Scenario("de", "en").get_instances(tempfile.mkdtemp())
out = [[i.input.text, i.references[0].output.text, i.split] for i in instances]
with open(os.path.join(REPO, "test", "fixtures", "huggingface", "wmt14-de-en-helm-instances.json"), "w") as f:
    json.dump(out, f, ensure_ascii=False, indent=0)
    f.write("\n")
print(f"{len(out)} instances: {sum(1 for o in out if o[2] == 'train')} train")
