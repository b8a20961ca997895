import { HelmInputError } from './errors';

/**
 * Request states one run may have. A run's request states are held in memory by adaptation and
 * metrics and written as one scenario_state.json string; beyond about this many (at a few KB each)
 * the worker runs out of heap or hits V8's maximum string length and dies, over and over, on every
 * retry. HELM has no such limit (its runs of this size are equally impractical).
 */
export const MAX_REQUEST_STATES_PER_RUN = 100_000;

/** `-t/--num-train-trials` (or a run entry's num_train_trials) that no run could fit. */
export function checkTrainTrials(numTrainTrials: number, where: string): void {
  if (numTrainTrials > MAX_REQUEST_STATES_PER_RUN) {
    throw new HelmInputError(
      `${where}: num_train_trials ${numTrainTrials} would give every run at least ${numTrainTrials} request states; ` +
        `helm-ts runs at most ${MAX_REQUEST_STATES_PER_RUN.toLocaleString('en-US')} per run (each is held in memory). Lower -t/--num-train-trials.`,
    );
  }
}

/** Evaluation instances × trials of one run, checked before adaptation builds them in memory. */
export function checkRunSize(runName: string, evalInstances: number, numTrainTrials: number): void {
  const states = evalInstances * numTrainTrials;
  if (states > MAX_REQUEST_STATES_PER_RUN) {
    throw new HelmInputError(
      `Run ${runName} would build ${states.toLocaleString('en-US')} request states (${evalInstances} evaluation instances × ${numTrainTrials} trials); ` +
        `helm-ts runs at most ${MAX_REQUEST_STATES_PER_RUN.toLocaleString('en-US')} per run (each is held in memory). ` +
        'Lower -m/--max-eval-instances or -t/--num-train-trials.',
    );
  }
}
