import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HumanEvalProblem } from '../scenarios/code-scenario';
import { MetricUnavailableError } from './unavailable-metric';

/** HELM's per-program time limit for HumanEval (`code_eval`'s 3.0 s). */
export const HUMAN_EVAL_TIMEOUT_SECONDS = 3.0;

/** HELM's check program: prompt, four spaces, the stripped completion, the tests, the check call. */
export function humanEvalCheckProgram(problem: HumanEvalProblem, completion: string): string {
  return `${problem.prompt}    ${completion}\n${problem.test}\ncheck(${problem.entry_point})`;
}

/*
 * Runs the program from stdin as HELM's check_correctness does in its child process: output
 * swallowed, a SIGALRM time limit, the same reliability guard's intent (no process spawning, file
 * deletion or environment changes: the common destructive calls are replaced before the program
 * runs; this is not a sandbox), and the verdict printed on the real stdout as its last line.
 */
const RUNNER = String.raw`
import builtins, contextlib, faulthandler, io, os, shutil, signal, subprocess, sys
program = sys.stdin.read()
out = sys.stdout
def on_alarm(signum, frame):
    raise TimeoutError("Timed out!")
signal.signal(signal.SIGALRM, on_alarm)
faulthandler.disable()
for name in ("kill", "system", "putenv", "remove", "removedirs", "rmdir", "fchdir", "setuid", "fork", "forkpty", "killpg", "rename", "renames", "truncate", "replace", "unlink", "fchmod", "fchown", "chmod", "chown", "chroot", "lchown", "getcwd", "chdir"):
    if hasattr(os, name):
        setattr(os, name, None)
shutil.rmtree = shutil.move = shutil.chown = None
subprocess.Popen = None
builtins.exit = builtins.quit = None
verdict = "passed"
try:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        signal.setitimer(signal.ITIMER_REAL, float(sys.argv[1]))
        try:
            exec(program, {})
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
except TimeoutError:
    verdict = "timed out"
except BaseException as e:
    verdict = "failed: %s" % (e,)
out.write("\n" + verdict.replace("\n", " ") + "\n")
out.flush()
os._exit(0)
`;

/** The verdict of one program: "passed", "timed out" or "failed: …" (HELM's result strings). */
export function runPythonCheck(program: string, timeoutSeconds = HUMAN_EVAL_TIMEOUT_SECONDS): string {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'helm-code-eval-'));
  try {
    const run = spawnSync('python3', ['-I', '-c', RUNNER, String(timeoutSeconds)], {
      input: program,
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd },
      // HELM waits timeout + 1 s for its child before killing it.
      timeout: (timeoutSeconds + 1) * 1000,
      maxBuffer: 16 * 1024 * 1024,
      encoding: 'utf8',
    });
    if (run.error !== undefined && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new MetricUnavailableError('helm.benchmark.metrics.basic_metrics.BasicGenerationMetric', 'python3 on the PATH to run the generated HumanEval programs');
    }
    const lines = (run.stdout ?? '').trimEnd().split('\n');
    const verdict = lines[lines.length - 1];
    return verdict === 'passed' || verdict === 'timed out' || verdict.startsWith('failed:') ? verdict : 'timed out';
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** `code_eval`: 1.0 when the completion passes the problem's tests, else 0.0. */
export function codeEval(problem: HumanEvalProblem, completion: string): number {
  return runPythonCheck(humanEvalCheckProgram(problem, completion)) === 'passed' ? 1.0 : 0.0;
}

/** The unbiased pass@k estimator, 1 − C(n−c, k)/C(n, k), as HELM computes it (product left to right). */
export function passAtKEstimator(n: number, c: number, k: number): number {
  if (n - c < k) return 1.0;
  let product = 1.0;
  for (let i = n - c + 1; i <= n; i++) product *= 1.0 - k / i;
  return 1.0 - product;
}
