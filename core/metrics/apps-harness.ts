/*
 * The Python program that runs one generated APPS solution against its problem's tests, with the
 * behaviour of HELM's `code_metrics_helper.run_test` (crfm-helm 0.5.16): how the program is loaded
 * (call-based `fn_name` problems vs standard-input ones wrapped in a `code()` function), the
 * per-step SIGALRM limit, what stdin looks like to the program, and the output comparisons in
 * HELM's order. Written for helm-ts from that behaviour; runs as `python3 -I -c APPS_HARNESS
 * job.json result.json` in an empty temporary directory of its own with stdin on /dev/null (HELM's forked
 * child has its stdin on /dev/null too, which matters: see `feed`).
 *
 * job.json: {"root": problem folder, "code": stripped completion, "timeout": HELM's `timeout`
 * (3, or a run-spec string, which HELM's signal.alarm rejects), "budget": seconds before the whole
 * run is abandoned (HELM's 11 s join)}.
 * result.json, written only when every test ran: {"results": [true | false | -1 | -2 | -3, ...]}
 * (-1 runtime error or timeout, -2 compile error, -3 no such function). No result file means HELM
 * would have found its shared list empty (killed, or an exception escaped run_test).
 */
export const APPS_HARNESS = String.raw`
import builtins, faulthandler, io, json, os, signal, sys, threading, time, types
from contextlib import ExitStack, contextmanager
from unittest import mock

started = time.monotonic()
try:
    import numpy
except ImportError:
    os._exit(4)  # HELM's programs all start by importing numpy: without it nothing can be judged

job_file, result_file = sys.argv[1], sys.argv[2]
with open(job_file) as f:
    job = json.load(f)
limit = job["timeout"]
if isinstance(limit, dict):
    limit = float(limit["py_float"])

def abandon():
    # HELM stops waiting for its child after the budget and counts every test as failed.
    time.sleep(max(0.0, job["budget"] - (time.monotonic() - started)))
    os._exit(3)
threading.Thread(target=abandon, daemon=True).start()

class Expired(Exception):
    # An Exception, so a timed-out step lands in the same handlers as a runtime error.
    pass

def on_alarm(signum, frame):
    raise Expired()
signal.signal(signal.SIGALRM, on_alarm)

# Names every generated program can use without importing them (HELM's fixed header).
HEADER = "".join(line + "\n" for line in [
    "import sys",
    "import time",
    "import itertools",
    "from itertools import accumulate, product, permutations, combinations",
    "import collections",
    "from collections import Counter, OrderedDict, deque, defaultdict, ChainMap",
    "from functools import lru_cache",
    "import math",
    "from math import sqrt, sin, cos, tan, ceil, fabs, floor, gcd, exp, log, log2",
    "import fractions",
    "from typing import List, Tuple",
    "import numpy as np",
    "import random",
    "import heapq",
    "from heapq import *",
])

def load(source):
    module = types.ModuleType("tmp_sol", "")
    exec(source, module.__dict__)
    return module

def as_function_body(code):
    # Standard-input programs become the body of code(): every line is indented by a tab except
    # top-level imports before the first other line; stdin/stdout are bound at load time.
    parts, inside = [], False
    for line in code.split("\n"):
        if line.startswith("from ") or line.startswith("import "):
            parts.append(("\t" if inside else "") + line + "\n")
            continue
        if not inside:
            parts.append("stdin = sys.stdin\nstdout = sys.stdout\ndef code():\n")
            inside = True
        parts.append("\t" + line + "\n")
    return "".join(parts)

def int_keys(d):
    return {int(k): v for k, v in d.items()}

def undo_json_keys(args, outputs, i):
    # JSON made every dict key a string; a dict argument or expected value gets int keys back
    # (any key that is not an int leaves it as it was).
    try:
        if isinstance(args[0], dict):
            args = [int_keys(args[0])]
    except Exception:
        pass
    try:
        if isinstance(outputs[i], dict):
            outputs[i] = [int_keys(outputs[i])]
    except Exception:
        pass
    try:
        if isinstance(outputs[i][0], dict):
            outputs[i] = [int_keys(outputs[i][0])]
    except Exception:
        pass
    return args

@contextmanager
def captured_lines():
    # print() output as a list of lines; closing the buffer is made harmless (HELM does the same,
    # with a replacement close that takes one argument).
    saved, buffer, lines = sys.stdout, io.StringIO(), []
    buffer.close = lambda _unused: 1
    sys.stdout = buffer
    try:
        yield lines
    finally:
        lines.extend(buffer.getvalue().splitlines())
        sys.stdout = saved

def feed(fn, text):
    # HELM patches read/readline/readlines on the process's own stdin object before it swaps
    # sys.stdin for a StringIO, so a program that kept the original (stdin = sys.stdin at load
    # time, from sys import stdin) gets lines without newlines from readline; sys.stdin itself is
    # a plain StringIO; open() of any file returns the input.
    pending = iter(text.split("\n"))
    original = sys.stdin
    with ExitStack() as stack:
        stack.enter_context(mock.patch.object(original, "read", lambda *a: text))
        stack.enter_context(mock.patch.object(original, "readlines", lambda *a: text.split("\n")))
        stack.enter_context(mock.patch.object(original, "readline", lambda *a: next(pending)))
        stack.enter_context(mock.patch.object(sys, "stdin", io.StringIO(text)))
        stack.enter_context(mock.patch.object(builtins, "open", mock.mock_open(read_data=text)))
        try:
            fn()
        except SystemExit:
            pass

def call_based_verdict(got, want):
    if isinstance(got, tuple):
        got = list(got)  # expected sequences are JSON lists
    verdict = got == want
    if isinstance(want, list) and want:
        verdict = verdict or got == want[0]  # the expected value may be wrapped in a list
    try:
        if isinstance(got[0], tuple):
            verdict = verdict or [list(x) for x in got] == want[0]
    except BaseException:
        pass
    return verdict

def stdout_verdict(got, want):
    # got: the printed lines; want: the expected text. HELM's checks in its order, each only
    # reached when the ones before failed.
    if "\n".join(got).strip() == want.strip():
        return True
    if "\n".join(line.strip() for line in got).strip() == want.strip():
        return True
    if got == [want]:  # one printed line equal to the whole expected text
        return True
    want_lines = [line.strip() for line in want.split("\n") if line]  # empty dropped before strip
    if got == want_lines:
        return True
    got = [line for line in got if line]
    verdict = got == want_lines
    try:
        got_numbers = [float(x) for x in got]
        want_numbers = [float(x) for x in want_lines]
        verdict = verdict or (len(got_numbers) == len(want_numbers) and numpy.allclose(got_numbers, want_numbers))
    except BaseException:
        pass
    if verdict is True:
        return True
    # Last: each line as a set of words, the lines as a set of those (order and repeats ignored),
    # then the same with every word read as a number rounded to 3 places.
    want_sets = [set(line.split()) for line in want_lines]
    verdict = False  # HELM's intermediate check of lines against word sets can no longer succeed here
    got_sets = [set(words) for words in (line.split() for line in got) if words]
    try:
        verdict = {frozenset(s) for s in got_sets} == {frozenset(s) for s in want_sets}
    except Exception:
        pass
    try:
        verdict = verdict or (
            {frozenset(round(float(t), 3) for t in s) for s in got_sets}
            == {frozenset(round(float(t), 3) for t in s) for s in want_sets}
        )
    except Exception:
        pass
    return verdict

def run(root, code):
    with open(os.path.join(root, "input_output.json")) as f:
        tests = json.load(f)
    call_based = tests.get("fn_name") is not None
    if call_based:
        source, name = HEADER + code, tests["fn_name"]
    else:
        source, name = HEADER + as_function_body(code), "code"
    signal.alarm(limit)
    try:
        module = load(source)
        owner = module.Solution() if call_based and "class Solution" in code else module
    except Exception:
        signal.alarm(0)
        return [-2]
    signal.alarm(0)
    try:
        fn = getattr(owner, name)
    except BaseException:
        return [-3]
    results, outputs = [], tests["outputs"]
    for i, args in enumerate(tests["inputs"]):
        args = undo_json_keys(args, outputs, i)
        if call_based:
            signal.alarm(limit)
            faulthandler.enable()
            try:
                results.append(call_based_verdict(fn(*args), outputs[i]))
                signal.alarm(0)
            except Exception:
                signal.alarm(0)
                faulthandler.disable()
                results.append(-1)
                continue
            faulthandler.disable()
            signal.alarm(0)
            continue
        faulthandler.enable()
        signal.alarm(limit)
        if isinstance(args, list):
            args = "\n".join(args)
        if isinstance(outputs[i], list):
            outputs[i] = "\n".join(outputs[i])
        ran = False
        with captured_lines() as printed:
            try:
                feed(fn, args)
                signal.alarm(0)
                ran = True
            except Exception:
                signal.alarm(0)
                results.append(-1)
            signal.alarm(0)
        if ran:
            results.append(stdout_verdict(printed, outputs[i]))
    return results

def plain(result):
    # Only a real True scores; the int codes stay as they are, anything else is a failure.
    if result is True:
        return True
    return result if type(result) is int else False

results = [plain(r) for r in run(job["root"], job["code"])]
signal.alarm(0)
if time.monotonic() - started > job["budget"]:
    os._exit(3)  # finished after HELM would have stopped waiting (a long call that held off the watchdog)
with open(result_file, "w") as f:
    json.dump({"results": results}, f)
os._exit(0)
`;
