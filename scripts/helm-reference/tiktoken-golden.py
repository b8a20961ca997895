"""Token ids from PyPI tiktoken (what HELM's TiktokenTokenizer calls) on a corpus of real benchmark
text and edge cases, for test/unit/models/tiktoken-tokenizer.test.ts.

tiktoken downloads its rank files on first use; there is no network here, so the files come from
the js-tiktoken npm package (scripts/helm-reference/tiktoken-ranks.js writes them in tiktoken's
format). tiktoken still checks each file's SHA-256 against the published hash, so a run that
succeeds also proves the npm package's ranks equal OpenAI's byte for byte.

Usage (a venv with `pip install tiktoken`, from the repository root):
  node scripts/helm-reference/tiktoken-ranks.js /tmp/tiktoken-ranks
  python scripts/helm-reference/tiktoken-golden.py /tmp/tiktoken-ranks ../shared/data \
      > test/fixtures/models/tiktoken-golden.json
"""

import csv
import glob
import json
import os
import re
import sys

import tiktoken
import tiktoken.load

ENCODINGS = ["cl100k_base", "o200k_base", "o200k_harmony"]

EDGE_CASES = [
    "",
    " ",
    "   leading and trailing spaces   ",
    "tabs\tand\nnewlines\r\n\r\nand\n\n\nruns",
    "Fractions ¾ ¼ ½ ⅓ and superscripts ³ ² and ① ⑵ digits: 1234567890 12 123 1234",
    "Contractions: I'm, you're, they've, she'll, he'd, it's, IT'S, YOU'RE, We'Ve",
    "Emoji 😀👍🏽 👨‍👩‍👧‍👦 flags 🇫🇷🇩🇪 and symbols ✓ ✗ → ∑ ∫ √",
    "中文文本，日本語のテキスト、한국어 텍스트.",
    "Ελληνικά, русский текст, עברית, العربية, हिन्दी, ไทย",
    "Byte order mark \ufeff inside, NEL \u0085 here, NBSP \u00a0 there, ideographic space \u3000 end",
    "Zero width: a\u200bb\u200cc\u200dd, combining: e\u0301 a\u0308 n\u0303",
    "Code: def f(x):\n    return {'a': [1, 2, 3]}  # comment\n\n\tif x != None: pass",
    "LaTeX: $\\frac{1}{2} + \\sqrt{x^2 + y^2} = \\int_0^\\infty e^{-t} dt$",
    "URLs https://example.com/path?q=1&r=two#frag and e-mail someone@example.org",
    "Repeated: " + "a" * 300 + " " + "ab" * 100 + " " + "!" * 50,
    "Whitespace before punctuation , . ; : ! ? and multiple     spaces\n \n  \n",
    "Unicode numbers: Ⅻ ½ ٣ ໓ ൬ ௫ and letters with marks: Å ǅ ǈ ʰ ˀ",
    "Lone surrogates are impossible in UTF-8 text, but private use \ue000 and noncharacters \ufdd0 are fine",
]


def read_corpus(data_dir):
    texts = list(EDGE_CASES)
    # MMLU: the first 3 test questions of every subject, with their choices.
    for path in sorted(glob.glob(os.path.join(data_dir, "mmlu", "test", "*_test.csv")))[:57]:
        with open(path, newline="", encoding="utf-8") as f:
            for row in list(csv.reader(f))[:3]:
                texts.append("\n".join(row[:5]))
    # GSM8K: the first 40 training problems with solutions (HELM's few-shot pool).
    with open(os.path.join(data_dir, "gsm", "train.jsonl"), encoding="utf-8") as f:
        for line in list(f)[:40]:
            item = json.loads(line)
            texts.append(item["question"] + "\n" + item["answer"])
    # WMT14 sources: 20 segments per language.
    for path in sorted(glob.glob(os.path.join(data_dir, "wmt14", "test-full", "*-src.*.sgm"))):
        with open(path, encoding="utf-8") as f:
            segments = re.findall(r"<seg id=\"\d+\">(.*?)</seg>", f.read())
        texts.extend(segments[:20])
    # TruthfulQA: 30 questions with their best answers.
    with open(os.path.join(data_dir, "truthful_qa", "TruthfulQA.csv"), newline="", encoding="utf-8") as f:
        for row in list(csv.DictReader(f))[:30]:
            texts.append(row["Question"] + " " + row["Best Answer"])
    # MATH: 15 problems (LaTeX).
    for path in sorted(glob.glob(os.path.join(data_dir, "math", "test", "*", "*.json")))[:15]:
        with open(path, encoding="utf-8") as f:
            texts.append(json.load(f)["problem"])
    return texts


def use_local_rank_files(ranks_dir):
    """tiktoken reads each rank file through read_file, then checks its hash: serve ours."""

    def read_file(blobpath):
        with open(os.path.join(ranks_dir, os.path.basename(blobpath)), "rb") as f:
            return f.read()

    tiktoken.load.read_file = read_file
    os.environ["TIKTOKEN_CACHE_DIR"] = ""  # no cache: every load goes through the hash check


def main():
    ranks_dir, data_dir = sys.argv[1], sys.argv[2]
    use_local_rank_files(ranks_dir)
    texts = read_corpus(data_dir)
    golden = {"tiktoken_version": tiktoken.__version__, "texts": texts, "encodings": {}}
    for name in ENCODINGS:
        encoding = tiktoken.get_encoding(name)
        ids = [encoding.encode(text) for text in texts]
        golden["encodings"][name] = {
            "ids": ids,
            # HELM's tokenize with encode=False: each token decoded on its own.
            "token_strings": [[encoding.decode([i]) for i in row] for row in ids[: len(EDGE_CASES)]],
            "decoded": [encoding.decode(row) for row in ids],
            "special_tokens": sorted(encoding.special_tokens_set),
            "eot_token": encoding.eot_token,
        }
    json.dump(golden, sys.stdout, ensure_ascii=False, indent=None, separators=(",", ":"))
    sys.stdout.write("\n")
    counts = {name: sum(len(r) for r in golden["encodings"][name]["ids"]) for name in ENCODINGS}
    print(f"{len(texts)} texts; tokens per encoding: {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
