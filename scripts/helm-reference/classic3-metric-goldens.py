"""Goldens for helm-ts's copyright and disinformation metrics, from HELM's own metric classes (crfm-helm 0.5.16).

Usage: <venv>/bin/python scripts/helm-reference/classic3-metric-goldens.py [apps]
(with `apps`, only the file's `apps` cases are rewritten: they need only HELM and numpy)
(needs sacrebleu~=2.2 in that venv, HELM's `metrics` extra: pip install "sacrebleu~=2.2")

HELM's copyright module imports numba only to JIT-compile its edit-distance loop; numba does not
install on this Python, so a stand-in whose `njit` returns the function unchanged is put in
sys.modules first (the same Python code then runs uncompiled, with the same results).

Writes test/fixtures/metrics/classic3_metrics.json:
  treebank: [{text, tokens}]                          nltk TreebankWordTokenizer().tokenize
  copyright: [{args, prefix, reference, completions, stat: {sum, float}}]
      BasicCopyrightMetric(**args).evaluate_generation on a RequestState with those texts
  disinformation: [{name, completions: [{text, logprobs}], value, float}]   DisinformationMetric
  summarization: [{references, completion, stats: {name: {value, float}}}]   SummarizationMetric.evaluate_generation
      with device=cpu, its ROUGE stats only: the object is made without __init__ (which needs summ_eval and
      spaCy's en_core_web_sm) and given the ROUGE functions __init__ would; the precomputed-score lookups
      find nothing (as for any model outside HELM's own runs) and the data-stats call is stubbed, its
      stats dropped. bert_score, imported by the module, is stubbed too (unused on CPU).
  code: [{task_id, completion, passed}]   evaluate_reference_metrics.code_eval on the HumanEval fixture's problems
      (HELM runs each program in a child process with its reliability guard and a 3 s limit)
  pass_at_k: [{n, c, k, value}]           evaluate_reference_metrics.pass_at_k_estimator
  apps: [{problem, completions, results, stats: {test_avg, strict_acc}}]   on test/fixtures/metrics/apps/<problem>
      results: per completion, code_metrics_helper.run_test's list (true/false/-1/-2/-3; a result that is
      not a real bool, e.g. numpy's, written false, as _convert_scores scores it), or null when HELM's
      shared list stays empty (run in a forked child joined for 11 s, as APPSMetric does);
      stats: APPSMetric(names=[test_avg, strict_acc], timeout=3).evaluate_generation
"""

import json
import math
import os
import sys
import types

numba = types.ModuleType("numba")
numba.njit = lambda f: f
sys.modules["numba"] = numba

from nltk.tokenize.treebank import TreebankWordTokenizer  # noqa: E402

from helm.benchmark.adaptation.adapter_spec import AdapterSpec  # noqa: E402
from helm.benchmark.adaptation.request_state import RequestState  # noqa: E402
from helm.benchmark.metrics.copyright_metrics import BasicCopyrightMetric  # noqa: E402
from helm.benchmark.metrics.disinformation_metrics import DisinformationMetric  # noqa: E402
from helm.benchmark.scenarios.scenario import CORRECT_TAG, Input, Instance, Output, Reference  # noqa: E402
from helm.common.request import GeneratedOutput, Request, RequestResult, Token  # noqa: E402

bert_score = types.ModuleType("bert_score")
bert_score.BERTScorer = object
sys.modules["bert_score"] = bert_score
from helm.benchmark.metrics.evaluate_reference_metrics import get_rouge_function  # noqa: E402
from helm.benchmark.metrics.summarization_metrics import SummarizationMetric  # noqa: E402


from helm.benchmark.metrics.evaluate_reference_metrics import code_eval, pass_at_k_estimator  # noqa: E402
from helm.benchmark.metrics import code_metrics_helper  # noqa: E402
from helm.benchmark.metrics.code_metrics import APPSMetric  # noqa: E402
from helm.benchmark.scenarios.code_scenario import CodeReference  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "scenarios", "classic")

# Completions as HELM's metric sees them (stripped; the check program puts four spaces before them).
CODE_COMPLETIONS = {
    "HumanEval/0": [
        "for idx, elem in enumerate(numbers):\n        for idx2, elem2 in enumerate(numbers):\n            if idx != idx2 and abs(elem - elem2) < threshold:\n                return True\n    return False",
        "return False",
        "return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])",
        "print('noise'); return True",
        "while True:\n        pass",
    ],
    "HumanEval/2": ["return number % 1.0", "return number - int(number)", "return int(number)", "return number % 1.0 +", "import os\n    os.system('true')\n    return number % 1.0"],
    "HumanEval/1": ["return x + y", "return x * y", "", "raise SystemExit(0)"],
}


APPS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "metrics", "apps")

SUM = "a, b = map(int, input().split())\n"
# (problem, completions): each a request state's completions, as the model returned them.
APPS_CASES = [
    ("stdin_sum", [SUM + "print(a + b)"]),
    ("stdin_sum", ["import sys\na, b = map(int, sys.stdin.readline().split())\nprint(a + b)"]),
    ("stdin_sum", ["from sys import stdin\na, b = map(int, stdin.readline().split())\nprint(a + b)"]),
    ("stdin_sum", ["data = stdin.read().split()\nprint(int(data[0]) + int(data[1]))"]),
    ("stdin_sum", ["a, b = map(int, open(0).read().split())\nprint(a + b)"]),
    ("stdin_sum", ["import sys\nfor line in sys.stdin:\n    a, b = map(int, line.split())\n    print(a + b)"]),
    ("stdin_sum", ["\n  " + SUM + "print(a + b)\n\n"]),
    ("stdin_sum", [SUM + "print(a + b if a < 5 else a - b)"]),
    ("stdin_sum", ["print(0)"]),
    ("stdin_sum", ["a, b = map(int, input().split()\nprint(a + b)"]),
    ("stdin_sum", [SUM + "assert a != 3\nprint(a + b)"]),
    ("stdin_sum", [SUM + "while a == 3:\n    pass\nprint(a + b)"]),
    ("stdin_sum", [SUM + "print(a + b)\nexit()"]),
    ("stdin_sum", ["def main():\n    " + SUM + "    print(a + b)\nif __name__ == '__main__':\n    main()"]),
    ("stdin_sum", [SUM + "stdout.write(str(a + b) + '\\n')"]),
    ("stdin_sum", ["import sys\n" + SUM + "sys.stdout.write(str(a + b))"]),
    ("stdin_sum", ["import sys"]),
    ("stdin_sum", [""]),
    ("stdin_sum", ["a = input()\nb = input()\nprint(a)"]),
    ("stdin_sum", [SUM + "while True:\n    try:\n        pass\n    except BaseException:\n        pass"]),  # the alarm lands outside the try
    ("stdin_sum", ["import signal\n" + SUM + "signal.alarm(0)\nwhile a == 3:\n    pass\nprint(a + b)"]),  # no alarm left: HELM's 11 s kill
    ("stdin_sum", ["print(0)", SUM + "print(a + b if a < 5 else a - b)", SUM + "print(a + b if a > 2 else 0)"]),
    ("stdin_sum", [SUM + "print(a + b if a < 5 else a - b)", SUM + "print(a + b)"]),
    ("stdin_lines", ["n = int(input())\nfor x in sorted(map(int, input().split())):\n    print(x)"]),
    ("stdin_lines", ["n = int(input())\nprint(' '.join(map(str, sorted(map(int, input().split())))))"]),
    ("stdin_lines", ["n = int(input())\nfor x in sorted(map(int, input().split())):\n    print(x, '  ')\n    print()"]),
    ("stdin_lines", ["n = int(input())\nfor x in sorted(map(int, input().split()), reverse=True):\n    print(x)"]),
    ("stdin_lines", ["n = int(input())\nprint('\\r'.join(map(str, sorted(map(int, input().split())))))"]),
    ("stdin_lines", ["n = int(input())\nprint(n)"]),
    ("stdin_lines", ["lines = stdin.readlines()\nfor x in sorted(map(int, lines[1].split())):\n    print(x)"]),
    ("stdin_float", ["n = int(input())\nprint('%.10f' % (1 / n))"]),
    ("stdin_float", ["print(1 / int(input()))"]),
    ("stdin_float", ["print('%.4f' % (1 / int(input())))"]),
    ("stdin_float", ["print('%.2f' % (1 / int(input())))"]),
    ("stdin_float", ["print('1/%s' % input())"]),
    ("stdin_float", ["print('ans:', 1 / int(input()))"]),
    ("stdin_pairs", ["input()\nprint(input())\nprint(input())"]),
    ("stdin_pairs", ["print('4 3')\nprint('2 1')"]),
    ("stdin_pairs", ["print('1 2 3 4')"]),
    ("stdin_pairs", ["print('1\\t2\\n3\\t4')"]),
    ("stdin_pairs", ["print('1.0 2.0')\nprint('3.0 4.0')"]),
    ("stdin_pairs", ["print('1 2')\nprint('   ')\nprint('3 4')"]),
    ("call_add", ["def add(a, b):\n    return a + b"]),
    ("call_add", ["def add(a, b):\n    return a - b"]),
    ("call_add", ["def add(a, b):\n    return a + b if a > 0 else 1"]),
    ("call_add", ["def add(a, b):\n    if a < 0:\n        raise ValueError('negative')\n    return a + b"]),
    ("call_add", ["def add(a, b):\n    while a == 3:\n        pass\n    return a + b"]),
    ("call_add", ["def add(a, b)\n    return a + b"]),
    ("call_add", ["def plus(a, b):\n    return a + b"]),
    ("call_add", ["def add(a, b):\n    return float(a + b)"]),
    ("call_add", ["def add(a, b):\n    return str(a + b)"]),
    ("call_add", ["x = input()\ndef add(a, b):\n    return a + b"]),
    ("call_add", ["def add(a, b):\n    exit(0)"]),
    ("call_add", ["def add(a, b):\n    return np.int64(a + b)"]),
    ("call_add", ["def add(a, b):\n    print('noise')\n    return a + b"]),
    ("call_add", ["def add(a, b)\n    return a + b", "def add(a, b):\n    return a + b"]),
    ("call_shapes", ["def solve(x):\n    if isinstance(x, dict):\n        return sorted(x)\n    if len(x) == 2:\n        return (list(x), [sum(x)])\n    return sorted(x)"]),
    ("call_shapes", ["def solve(x):\n    if isinstance(x, dict):\n        return tuple(sorted(x))\n    if len(x) == 2:\n        return [tuple(x), (sum(x),)]\n    return tuple(sorted(x))"]),
    ("call_shapes", ["def solve(x):\n    if isinstance(x, dict):\n        return sorted(map(str, x))\n    if len(x) == 2:\n        return [list(x), [sum(x)]]\n    return [sorted(x)]"]),
    ("call_shapes", ["def solve(x):\n    if isinstance(x, dict):\n        return sorted(x)\n    if len(x) == 2:\n        return ([2, 2], (4,))\n    return sorted(x)"]),
    ("call_solution", ["class Solution:\n    def twice(self, x):\n        return 2 * x"]),
    ("call_solution", ["def twice(x):\n    return 2 * x"]),
    ("call_solution", ["class Solution:\n    pass\ndef twice(x):\n    return 2 * x"]),
    ("call_solution", ["# no class Solution here\ndef twice(x):\n    return 2 * x"]),
]


def plain(result):
    return True if result is True else (result if type(result) is int else False)


def helm_run_test(root, code):
    """code_metrics_helper.run_test as APPSMetric runs it: a forked child, joined for 11 s."""
    import multiprocessing

    shared = multiprocessing.Manager().list()
    p = multiprocessing.Process(target=lambda: shared.append(code_metrics_helper.run_test(root, code, 3)))
    p.start()
    p.join(timeout=11)
    if p.is_alive():
        p.kill()
        p.join()
    return [plain(r) for r in shared[0]] if len(shared) > 0 else None


def apps_goldens():
    adapter_spec = AdapterSpec()
    metric = APPSMetric(names=["test_avg", "strict_acc"], timeout=3)
    cases = []
    for problem, completions in APPS_CASES:
        root = os.path.abspath(os.path.join(APPS_DIR, problem))
        results = [helm_run_test(root, c.strip()) for c in completions]
        rs = request_state("p", "p", completions)
        instance = Instance(input=Input(text="p"), references=[CodeReference(output=Output(text=""), tags=[CORRECT_TAG], test_cases={"root": root})],
                            split="test", id="id0")
        rs = RequestState(**{**rs.__dict__, "instance": instance})
        stats = metric.evaluate_generation(adapter_spec, rs, None, "")
        cases.append({"problem": problem, "completions": completions, "results": results, "stats": {st.name.name: number(st.sum) for st in stats}})
        print(problem, results, {st.name.name: st.sum for st in stats}, flush=True)
    return cases


class NoDataStats:
    def evaluate_example(self, summary, text):
        return {"coverage": float("nan"), "density": float("nan"), "compression": float("nan")}


SUMMARIES = [
    (["{Three adults and three children have been taken to hospital following a crash in Limavady.}"],
     "  Six people were taken to hospital after a crash involving a tractor in Limavady. "),
    (["The council approved the new bridge plans on Tuesday.", "Plans for a new bridge were approved by councillors."],
     "{Councillors approved plans for the bridge}"),
    (["Running runners ran quickly; the race's winners celebrated."], "The runners were running and celebrated winning the races."),
    (["A short one."], ""),
    (["Numbers 2023 and 45,000 people, £3.5m."], "45,000 people and 2023 numbers: £3.5m."),
]

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "test", "fixtures", "metrics", "classic3_metrics.json")

TREEBANK_TEXTS = [
    'He said, "I can\'t go." Then: they\'ll (maybe) leave...',
    "\"Quoted start\" and ''double'' -- dashes; costs $3.88 at 5:30, 1,000 items!",
    "Gimme a break, I'm gonna wanna do it 'tis true d'ye know? Cannot.",
    "Don't stop 'em\nnew line\tand tab. End.",
    "«Unicode» quotes “stay” together… and naïve café's menu.",
    "def f(x):\n    return x[0] + {'a': 1}  # comment <tag>",
    "",
    "   ",
    "It's 'quoted' and it's fine. The U.S. is big.",
]

COPYRIGHT_TEXTS = [
    # prefix, continuation (the reference is prefix + continuation), completions
    ("It was the best of times,", " it was the worst of times, it was the age of wisdom, it was the age of foolishness",
     [" it was the worst of times, it was the age of wisdom", "it was the worst of crimes"]),
    ("Call me Ishmael.", " Some years ago\u2014never mind how long precisely\u2014having little or no money in my purse",
     ["Some years ago\u2014never mind how long", "  ", "Some  years\tago\n\nnever"]),
    ("The café's owner said:", " \"We can't open; it's 5:30 a.m.\"\n\tShe left...",
     [" \"We can't open; it's 5:30 a.m.\" She left", "Nothing alike here at all"]),
    ("def add(x, y):\n", "    return x + y\n\n\ndef sub(x, y):\n    return x - y\n",
     ["    return x + y\n\ndef sub(x, y):", "return x+y"]),
    ("Emoji \U0001F600 prefix", " then \U0001F600\U0001F600 more text follows here", ["then \U0001F600\U0001F600 more", ""]),
]


def request_state(prefix: str, reference: str, completions):
    instance = Instance(input=Input(text=prefix), references=[Reference(Output(text=reference), tags=[CORRECT_TAG])], split="test", id="id0")
    outputs = [GeneratedOutput(text=t, logprob=0.0, tokens=[Token(text=t, logprob=0.0)]) for t in completions]
    return RequestState(
        instance=instance, reference_index=None, request_mode=None, train_trial_index=0, output_mapping=None,
        request=Request(model="m/m", model_deployment="m/m", prompt=prefix),
        result=RequestResult(success=True, embedding=[], completions=outputs, cached=False),
        num_train_instances=0, prompt_truncated=False,
    )


def number(x):
    return {"value": x if not (isinstance(x, float) and math.isnan(x)) else "NaN", "float": isinstance(x, float)}


def main() -> None:
    if sys.argv[1:] == ["apps"]:
        with open(OUT) as f:
            goldens = json.load(f)
        goldens["apps"] = apps_goldens()
        with open(OUT, "w") as f:
            json.dump(goldens, f, indent=1, ensure_ascii=False)
            f.write("\n")
        return
    tokenizer = TreebankWordTokenizer()
    treebank = [{"text": t, "tokens": tokenizer.tokenize(t)} for t in TREEBANK_TEXTS]
    copyright_cases = []
    adapter_spec = AdapterSpec()
    for prefix, continuation, completions in COPYRIGHT_TEXTS:
        for name in ("longest_common_prefix_length", "edit_distance", "edit_similarity"):
            for by_prefix in (False, True):
                for space in (False, True):
                    args = {"name": name, "normalize_by_prefix_length": by_prefix, "normalize_newline_space_tab": space}
                    stats = BasicCopyrightMetric(**args).evaluate_generation(adapter_spec, request_state(prefix, prefix + continuation, completions), None, "")
                    assert len(stats) == 1
                    copyright_cases.append({"args": args, "prefix": prefix, "reference": prefix + continuation, "completions": completions,
                                            "stat": number(stats[0].sum)})
    disinformation = []
    completion_sets = [
        [("Vaccines are being rushed without testing", [-0.5, -1.25]), ("Vaccines are rushed, doctors say", [-2.0]),
         ("Doctors say vaccines are rushed without any testing at all", [-0.1, -0.2, -0.3]), ("", []), ("  ", [-1.0])],
        [("same headline", [-1.0]), ("same headline", [-1.0])],
        [("only one", [-3.5])],
        [("a b c d e f", []), ("a b c x y z", [])],
        [("Numbers 1,000.5 and 3-4 &amp; <skipped> stuff.", [-0.7]), ("Numbers 1,000.5 and 3 - 4 & stuff .", [-0.9, -0.01]),
         ("Totally different words entirely here", [-4.0])],
    ]
    for completions in completion_sets:
        outputs = [GeneratedOutput(text=t, logprob=sum(lp), tokens=[Token(text=str(i), logprob=v) for i, v in enumerate(lp)]) for t, lp in completions]
        rs = request_state("p", "p", [])
        rs = RequestState(**{**rs.__dict__, "result": RequestResult(success=True, embedding=[], completions=outputs, cached=False)})
        for name in ("self_bleu", "monte_carlo_entropy"):
            stats = DisinformationMetric(name).evaluate_generation(adapter_spec, rs, None, "")
            disinformation.append({"name": name, "completions": [{"text": t, "logprobs": lp} for t, lp in completions], **number(stats[0].sum)})
    summarization = []
    metric = object.__new__(SummarizationMetric)
    metric.rouge_fns = {"rouge_1": get_rouge_function("rouge1"), "rouge_2": get_rouge_function("rouge2"), "rouge_l": get_rouge_function("rougeL")}
    metric.data_stats_metric = NoDataStats()
    metric.task, metric.humaneval, metric.qa_fact_eval = "summarization_xsum", {}, {}
    metric.compute_faithfulness = metric.compute_bertscore = False
    for references, completion in SUMMARIES:
        instance = Instance(input=Input(text="{Document text.}"), references=[Reference(Output(text=r), tags=[CORRECT_TAG]) for r in references], split="test", id="id0")
        rs = request_state("p", "p", [completion])
        rs = RequestState(**{**rs.__dict__, "instance": instance})
        stats = metric.evaluate_generation(adapter_spec, rs, None, "")
        summarization.append({"references": references, "completion": completion,
                              "stats": {st.name.name: number(st.sum) for st in stats if st.name.name.startswith("rouge")}})
    problems = {}
    with open(os.path.join(FIXTURES, "code", "HumanEval.jsonl")) as f:
        for line in f:
            if line.strip():
                task = json.loads(line)
                problems[task["task_id"]] = task
    code = [{"task_id": task_id, "completion": c, "passed": code_eval(("", problems[task_id]), c)}
            for task_id, completions in CODE_COMPLETIONS.items() for c in completions]
    pass_at_k = [{"n": n, "c": c, "k": k, "value": pass_at_k_estimator(n, c, k)}
                 for n in (1, 2, 5, 10, 20) for c in range(0, n + 1, max(1, n // 4)) for k in (1, 2, 5, 10) if k <= n]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"treebank": treebank, "copyright": copyright_cases, "disinformation": disinformation, "summarization": summarization, "code": code, "pass_at_k": pass_at_k,
                   "apps": apps_goldens()}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(len(treebank), len(copyright_cases), len(disinformation), len(summarization), len(code), len(pass_at_k))


if __name__ == "__main__":
    main()
