import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';

/** Search attributes our workflows set, so the Temporal UI can filter by suite, model and scenario. */
export const HELM_SUITE = defineSearchAttributeKey('HelmSuite', SearchAttributeType.KEYWORD);
export const HELM_MODEL = defineSearchAttributeKey('HelmModel', SearchAttributeType.KEYWORD);
export const HELM_SCENARIO = defineSearchAttributeKey('HelmScenario', SearchAttributeType.KEYWORD);
/**
 * A suite's state as its runs finish, readable without any worker (Temporal UI list columns,
 * `helm-suite list` and `status`): `HelmStatus` is one of SUITE_STATUSES; the counts are over all
 * runs of the suite, skipped ones counting as done.
 */
export const HELM_STATUS = defineSearchAttributeKey('HelmStatus', SearchAttributeType.KEYWORD);
export const HELM_RUNS_TOTAL = defineSearchAttributeKey('HelmRunsTotal', SearchAttributeType.INT);
export const HELM_RUNS_DONE = defineSearchAttributeKey('HelmRunsDone', SearchAttributeType.INT);
export const HELM_RUNS_FAILED = defineSearchAttributeKey('HelmRunsFailed', SearchAttributeType.INT);

/** Values of HelmStatus. */
export const SUITE_STATUSES = ['starting', 'expanding', 'running', 'finishing', 'completed', 'completed with failures', 'failed', 'cancelled'] as const;
export type SuiteStatus = (typeof SUITE_STATUSES)[number];

/** Name → type, as `temporal server start-dev --search-attribute` and `operator search-attribute create` take them. */
export const SEARCH_ATTRIBUTES: Record<string, string> = {
  HelmSuite: 'Keyword',
  HelmModel: 'Keyword',
  HelmScenario: 'Keyword',
  HelmStatus: 'Keyword',
  HelmRunsTotal: 'Int',
  HelmRunsDone: 'Int',
  HelmRunsFailed: 'Int',
};
