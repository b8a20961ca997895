import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';

/** Search attributes our workflows set, so the Temporal UI can filter by suite, model and scenario. */
export const HELM_SUITE = defineSearchAttributeKey('HelmSuite', SearchAttributeType.KEYWORD);
export const HELM_MODEL = defineSearchAttributeKey('HelmModel', SearchAttributeType.KEYWORD);
export const HELM_SCENARIO = defineSearchAttributeKey('HelmScenario', SearchAttributeType.KEYWORD);

/** Name → type, as `temporal server start-dev --search-attribute` and `operator search-attribute create` take them. */
export const SEARCH_ATTRIBUTES: Record<string, string> = {
  HelmSuite: 'Keyword',
  HelmModel: 'Keyword',
  HelmScenario: 'Keyword',
};
