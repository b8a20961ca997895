import type { MetricInterface, MetricResult } from './metric';

/**
 * A metric that cannot be computed here because it needs a third-party model or service
 * (Perspective API, SummaC, BERTScore, a critique service…). The run's other metrics are still
 * computed and written; the message says what is needed.
 */
export class MetricUnavailableError extends Error {
  constructor(
    readonly className: string,
    readonly needs: string,
  ) {
    super(`${className.split('.').pop() ?? className} needs ${needs}; its stats are left out of this run`);
    this.name = 'MetricUnavailableError';
  }
}

/** Registered under a HELM class name whose computation needs `needs`. */
export class UnavailableMetric implements MetricInterface {
  constructor(
    readonly className: string,
    readonly needs: string,
  ) {}

  evaluate(): MetricResult {
    throw new MetricUnavailableError(this.className, this.needs);
  }
}
