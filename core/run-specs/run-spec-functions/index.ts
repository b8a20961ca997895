import { registerRunSpecFunction, type RunSpecFunction } from './core';
import {
  boolqRunSpecFunction,
  commonsenseRunSpecFunction,
  narrativeQaRunSpecFunction,
  truthfulQaRunSpecFunction,
  wikitext103RunSpecFunction,
} from './classic-qa';
import { gsmRunSpecFunction } from './gsm';
import { lsatQaRunSpecFunction } from './lsat-qa';
import { mmluRunSpecFunction } from './mmlu';
import { syntheticReasoningNaturalRunSpecFunction, syntheticReasoningRunSpecFunction } from './synthetic-reasoning';

/** Every implemented run spec function, registered once in this order. */
export const RUN_SPEC_FUNCTIONS: readonly RunSpecFunction[] = [
  mmluRunSpecFunction,
  gsmRunSpecFunction,
  lsatQaRunSpecFunction,
  syntheticReasoningRunSpecFunction,
  syntheticReasoningNaturalRunSpecFunction,
  wikitext103RunSpecFunction,
  boolqRunSpecFunction,
  truthfulQaRunSpecFunction,
  commonsenseRunSpecFunction,
  narrativeQaRunSpecFunction,
];

for (const fn of RUN_SPEC_FUNCTIONS) registerRunSpecFunction(fn);
