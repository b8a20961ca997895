"""Goldens for helm-ts's RankingMetric: HELM's RankingMetric (crfm-helm 0.5.16) with pytrec_eval on made-up rankings.

Usage: <venv with crfm-helm 0.5.16 and pytrec_eval>/bin/python scripts/helm-reference/ranking-metric-goldens.py
(pytrec_eval 0.5 builds trec_eval from a GitHub download; the PyPI wheel pytrec-eval-terrier ships the same
module prebuilt.) Writes test/fixtures/metrics/ranking_metric.json: [{args, references: [tags], completions:
[{text, logprob}], stats: [{name, sum, count}] | error}] for the MS MARCO regular and TREC measure sets, with and
without a top-k limit, several answer mixes (Yes/No/other, ties in logprob, relevance 0-3, missing ranks).
"""
import dataclasses
import json
import os
import random

from helm.benchmark.adaptation.request_state import RequestState
from helm.benchmark.metrics.ranking_metrics import RankingMetric
from helm.benchmark.scenarios.scenario import Input, Instance, Output, Reference
from helm.common.request import GeneratedOutput, Request, RequestResult

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "test", "fixtures", "metrics", "ranking_metric.json")
rng = random.Random(11)

REGULAR = [f"success.{k}" for k in [1, 2, 3, 5, 10, 20]] + [f"recall.{k}" for k in [1, 2, 3, 5, 10, 20]] + [f"recip_rank.{k}" for k in [5, 10, 20]]
TREC = REGULAR + [f"ndcg_cut.{k}" for k in [5, 10, 20]]


def make_case(args, n, rel_values, with_ranks, answers, tie_logprobs):
    references, completions = [], []
    for i in range(n):
        tags = [f"docid={rng.randint(0, 9999)}"]
        rel = rng.choice(rel_values)
        if rel is not None and rel in ([2, 3] if args["multiple_relevance_values"] else [1]):
            tags.append("correct")
        if rel:
            tags.append(f"relevance={rel}")
        if with_ranks and rng.random() < 0.85:
            tags.append(f"rank={rng.randint(1, 40)}")
        references.append(tags)
        text = rng.choice(answers)
        logprob = rng.choice([-0.5, -1.0]) if tie_logprobs else -rng.random() * 3
        completions.append({"text": text, "logprob": logprob})
    return references, completions


def evaluate(args, references, completions):
    metric = RankingMetric(**args)
    instance = Instance(Input(text="q"), references=[Reference(Output(text=f"passage {i}"), tags=t) for i, t in enumerate(references)])
    states = []
    for i, c in enumerate(completions):
        request = Request(model="simple/model1", model_deployment="simple/model1", prompt="p")
        result = RequestResult(success=True, embedding=[], completions=[GeneratedOutput(text=c["text"], logprob=c["logprob"], tokens=[])], cached=False)
        states.append(RequestState(instance=instance, reference_index=i, request_mode=None, train_trial_index=0, output_mapping=None,
                                   request=request, result=result, num_train_instances=0, prompt_truncated=False))
    stats = metric.evaluate_references(None, states, None, "")
    return [{"name": s.name.name, "sum": s.sum, "count": s.count} for s in stats]


cases = []
for track, measures, rel_values, multiple in (("regular", REGULAR, [None, None, None, 0, 1], False), ("trec", TREC, [None, 0, 1, 2, 3, 3], True)):
    for rank in (None, 30, 5):
        for variant in range(6):
            args = {"method": "ranking_binary", "measure_names": measures, "correct_output": "Yes", "wrong_output": "No",
                    "rank": rank, "multiple_relevance_values": multiple}
            n = rng.randint(2, 34)
            answers = [["Yes", "No"], [" yes", "NO\n", "maybe"], ["No"], ["Yes"]][variant % 4]
            references, completions = make_case(args, n, rel_values, variant != 5, answers, variant in (2, 3))
            if variant == 4:  # at least one relevant passage, so pytrec_eval scores the query
                references[0] = [t for t in references[0] if not t.startswith("relevance")] + ["relevance=3" if multiple else "relevance=1"]
            case = {"args": args, "references": references, "completions": completions}
            try:
                case["stats"] = evaluate(args, references, completions)
            except Exception as e:  # HELM fails on such an instance; helm-ts must too
                case["error"] = type(e).__name__
            cases.append(case)

with open(OUT, "w") as f:
    json.dump(cases, f, indent=1)
    f.write("\n")
print(len(cases), "cases,", sum("error" in c for c in cases), "with errors")
