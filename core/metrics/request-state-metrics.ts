import { RequestState } from '../adaptation/schemas';
import { AdapterSpec } from '../run-specs/schemas';
import { TokenCounter, computeEfficiencyMetrics } from './efficiency';
import { metricName } from './metric-name';
import { Stat } from './stat';

const FINISH_REASONS = ['length', 'stop', 'endoftext', 'unknown'] as const;

/** `finish_reason_*`: one 0/1 stat per valid reason, from the first completion as returned. */
export function computeFinishReasonMetrics(requestState: RequestState): Stat[] {
  const completion = requestState.result?.completions[0];
  if (completion === undefined) throw new Error('finish reason: request state has no completion');
  const raw = completion.finish_reason?.['reason'];
  const reason = typeof raw === 'string' && (FINISH_REASONS as readonly string[]).includes(raw) ? raw : 'unknown';
  return FINISH_REASONS.map((r) => new Stat(metricName(`finish_reason_${r}`)).add(reason === r ? 1 : 0));
}

export function computeTruncationMetrics(requestState: RequestState): Stat[] {
  return [
    new Stat(metricName('num_train_instances')).add(requestState.num_train_instances),
    new Stat(metricName('prompt_truncated')).add(requestState.prompt_truncated),
  ];
}

/** `compute_request_state_metrics`: shared by the generation and reference metrics. */
export function computeRequestStateMetrics(
  adapterSpec: AdapterSpec,
  requestState: RequestState,
  services: TokenCounter,
): Stat[] {
  return [
    new Stat(metricName('num_references')).add(requestState.instance.references.length),
    new Stat(metricName('num_train_trials')).add(adapterSpec.num_train_trials),
    ...computeEfficiencyMetrics(requestState, services),
    ...computeFinishReasonMetrics(requestState),
    ...computeTruncationMetrics(requestState),
  ];
}
