/** The built-in run spec functions: one line each, through the same call a plugin uses. */
import {
  boolqRunSpecFunction,
  commonsenseRunSpecFunction,
  narrativeQaRunSpecFunction,
  truthfulQaRunSpecFunction,
  wikitext103RunSpecFunction,
} from './classic-qa';
import { registerRunSpecFunction } from './core';
import { customMcqaRunSpecFunction } from './custom-mcqa';
import { gsmRunSpecFunction } from './gsm';
import { lsatQaRunSpecFunction } from './lsat-qa';
import { mmluRunSpecFunction } from './mmlu';
import { syntheticReasoningNaturalRunSpecFunction, syntheticReasoningRunSpecFunction } from './synthetic-reasoning';

registerRunSpecFunction(mmluRunSpecFunction);
registerRunSpecFunction(gsmRunSpecFunction);
registerRunSpecFunction(lsatQaRunSpecFunction);
registerRunSpecFunction(syntheticReasoningRunSpecFunction);
registerRunSpecFunction(syntheticReasoningNaturalRunSpecFunction);
registerRunSpecFunction(wikitext103RunSpecFunction);
registerRunSpecFunction(boolqRunSpecFunction);
registerRunSpecFunction(truthfulQaRunSpecFunction);
registerRunSpecFunction(commonsenseRunSpecFunction);
registerRunSpecFunction(narrativeQaRunSpecFunction);
registerRunSpecFunction(customMcqaRunSpecFunction);
