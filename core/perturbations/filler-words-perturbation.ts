import { z } from 'zod';
import { PyNumber, toNumber } from '../common/py-number';
import type { PythonRandom } from '../common/python-random';
import { describePerturbation, parsePerturbationArgs, textPerturbation, type PerturbationFactory } from './perturbation';

/** HELM's `FillerWordsPerturbation` (NL-Augmenter's filler-word augmentation). */
export const FILLER_WORDS_PERTURBATION = 'helm.benchmark.augmentations.filler_words_perturbation.FillerWordsPerturbation';

// The three phrase lists, in HELM's order (the order decides what rng.choice picks).
const SPEAKER_PHRASES = ['I think', 'I believe', 'I mean', 'I guess', 'that is', 'I assume', 'I feel', 'In my opinion', 'I would say'];
const UNCERTAIN_PHRASES = ['maybe', 'perhaps', 'probably', 'possibly', 'most likely'];
const FILL_PHRASES = ['uhm', 'umm', 'ahh', 'err', 'actually', 'obviously', 'naturally', 'like', 'you know'];

export interface FillerOptions {
  insertProb: number;
  maxNumInsert: number | null;
  speakerPhrases: boolean;
  uncertainPhrases: boolean;
  fillPhrases: boolean;
}

/** Before each space-separated word, with probability insert_prob (≤), a random filler phrase. */
export function insertFillers(text: string, options: FillerOptions, rng: PythonRandom): string {
  const fillers = [
    ...(options.speakerPhrases ? SPEAKER_PHRASES : []),
    ...(options.uncertainPhrases ? UNCERTAIN_PHRASES : []),
    ...(options.fillPhrases ? FILL_PHRASES : []),
  ];
  let inserted = 0;
  const words: string[] = [];
  for (const word of text.split(' ')) {
    // Short-circuit as in Python: no draw once the insert budget is spent.
    if ((options.maxNumInsert === null || inserted < options.maxNumInsert) && rng.random() <= options.insertProb) {
      words.push(rng.choice(fillers));
      inserted += 1;
    }
    words.push(word);
  }
  return words.join(' ');
}

export const fillerWordsPerturbation: PerturbationFactory = (args) => {
  const parsed = parsePerturbationArgs(
    FILLER_WORDS_PERTURBATION,
    {
      insert_prob: PyNumber.default(0.333),
      max_num_insert: PyNumber.nullable().default(null),
      speaker_ph: z.boolean().default(true),
      uncertain_ph: z.boolean().default(true),
      fill_ph: z.boolean().default(true),
    },
    args,
  );
  const options: FillerOptions = {
    insertProb: toNumber(parsed.insert_prob),
    maxNumInsert: parsed.max_num_insert === null ? null : toNumber(parsed.max_num_insert),
    speakerPhrases: parsed.speaker_ph,
    uncertainPhrases: parsed.uncertain_ph,
    fillPhrases: parsed.fill_ph,
  };
  return textPerturbation({
    name: 'filler_words',
    description: describePerturbation('filler_words', { robustness: true }, { insert_prob: parsed.insert_prob }),
    perturb: (text, rng) => insertFillers(text, options, rng),
  });
};
