import { registerRunSpecFunction, type RunSpecFunction } from './core';
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
];

for (const fn of RUN_SPEC_FUNCTIONS) registerRunSpecFunction(fn);
