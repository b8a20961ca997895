/** The built-in run spec functions: one line each, through the same call a plugin uses. */
import {
  civilCommentsRunSpecFunction,
  entityDataImputationRunSpecFunction,
  entityMatchingRunSpecFunction,
  imdbRunSpecFunction,
  raftRunSpecFunction,
} from './classic-classification';
import {
  boldRunSpecFunction,
  codeRunSpecFunction,
  copyrightRunSpecFunction,
  disinformationRunSpecFunction,
  realToxicityPromptsRunSpecFunction,
  summarizationCnndmRunSpecFunction,
  summarizationXsumRunSpecFunction,
  summarizationXsumSampledRunSpecFunction,
} from './classic-harms';
import {
  babiQaRunSpecFunction,
  bbqRunSpecFunction,
  dyckLanguageRunSpecFunction,
  legalSupportRunSpecFunction,
  msmarcoRunSpecFunction,
  quacRunSpecFunction,
  syntheticEfficiencyRunSpecFunction,
  wikifactRunSpecFunction,
} from './classic-knowledge-reasoning';
import {
  blimpRunSpecFunction,
  iceRunSpecFunction,
  thePileRunSpecFunction,
  twitterAaeRunSpecFunction,
} from './classic-language-modeling';
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
import {
  anthropicHhRlhfRunSpecFunction,
  grammarRunSpecFunction,
  koalaRunSpecFunction,
  openAssistantRunSpecFunction,
  selfInstructRunSpecFunction,
  vicunaRunSpecFunction,
} from './instruction-following';
import { lsatQaRunSpecFunction } from './lsat-qa';
import {
  legalbenchRunSpecFunction,
  mathRunSpecFunction,
  medQaRunSpecFunction,
  naturalQaRunSpecFunction,
  wmt14RunSpecFunction,
} from './lite';
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
registerRunSpecFunction(naturalQaRunSpecFunction);
registerRunSpecFunction(mathRunSpecFunction);
registerRunSpecFunction(legalbenchRunSpecFunction);
registerRunSpecFunction(medQaRunSpecFunction);
registerRunSpecFunction(wmt14RunSpecFunction);
registerRunSpecFunction(raftRunSpecFunction);
registerRunSpecFunction(civilCommentsRunSpecFunction);
registerRunSpecFunction(imdbRunSpecFunction);
registerRunSpecFunction(entityMatchingRunSpecFunction);
registerRunSpecFunction(entityDataImputationRunSpecFunction);
registerRunSpecFunction(wikifactRunSpecFunction);
registerRunSpecFunction(quacRunSpecFunction);
registerRunSpecFunction(babiQaRunSpecFunction);
registerRunSpecFunction(msmarcoRunSpecFunction);
registerRunSpecFunction(bbqRunSpecFunction);
registerRunSpecFunction(legalSupportRunSpecFunction);
registerRunSpecFunction(dyckLanguageRunSpecFunction);
registerRunSpecFunction(syntheticEfficiencyRunSpecFunction);
registerRunSpecFunction(thePileRunSpecFunction);
registerRunSpecFunction(iceRunSpecFunction);
registerRunSpecFunction(twitterAaeRunSpecFunction);
registerRunSpecFunction(blimpRunSpecFunction);
registerRunSpecFunction(copyrightRunSpecFunction);
registerRunSpecFunction(disinformationRunSpecFunction);
registerRunSpecFunction(realToxicityPromptsRunSpecFunction);
registerRunSpecFunction(boldRunSpecFunction);
registerRunSpecFunction(codeRunSpecFunction);
registerRunSpecFunction(summarizationXsumRunSpecFunction);
registerRunSpecFunction(summarizationXsumSampledRunSpecFunction);
registerRunSpecFunction(summarizationCnndmRunSpecFunction);
registerRunSpecFunction(selfInstructRunSpecFunction);
registerRunSpecFunction(vicunaRunSpecFunction);
registerRunSpecFunction(grammarRunSpecFunction);
registerRunSpecFunction(openAssistantRunSpecFunction);
registerRunSpecFunction(koalaRunSpecFunction);
registerRunSpecFunction(anthropicHhRlhfRunSpecFunction);
registerRunSpecFunction(customMcqaRunSpecFunction);
