import { pyFloat } from '../common/py-number';
import { ArgValue, DataAugmenterSpec, ObjectSpec } from './schemas';

/**
 * HELM's data_augmentation presets (PERTURBATION_SPECS_DICT): preset name → option name →
 * perturbation specs. Each option becomes one run spec named `...,data_augmentation=<option>`.
 * Python floats are written with pyFloat() so that `1.0` stays a float in run_spec.json.
 */
const AUG = 'helm.benchmark.augmentations';

function spec(className: string, args: Record<string, ArgValue> = {}): ObjectSpec {
  return { class_name: `${AUG}.${className}`, args };
}

const extraSpace = (numSpaces: number) => spec('extra_space_perturbation.ExtraSpacePerturbation', { num_spaces: numSpaces });
const space = (maxSpaces: number) => spec('space_perturbation.SpacePerturbation', { max_spaces: maxSpaces });
const lower = () => spec('lowercase_perturbation.LowerCasePerturbation');
const misspelling = (prob: ArgValue) => spec('misspelling_perturbation.MisspellingPerturbation', { prob });
const synonym = (prob: ArgValue) => spec('synonym_perturbation.SynonymPerturbation', { prob });
const contrastSets = () => spec('contrast_sets_perturbation.ContrastSetsPerturbation');
const typo = (prob: ArgValue) => spec('typos_perturbation.TyposPerturbation', { prob });
const filler = (prob: ArgValue) =>
  spec('filler_words_perturbation.FillerWordsPerturbation', { insert_prob: prob, speaker_ph: false });
const mildMix = () => spec('mild_mix_perturbation.MildMixPerturbation');
const contractAndExpand = () =>
  ['Contraction', 'Expansion'].map((mode) => spec(`contraction_expansion_perturbation.${mode}Perturbation`));

const dialect = (prob: ArgValue, source: string, target: string) =>
  spec('dialect_perturbation.DialectPerturbation', {
    prob,
    source_class: source,
    target_class: target,
    mapping_file_path: null,
  });

const personName = (
  prob: ArgValue,
  source: Record<string, string>,
  target: Record<string, string>,
  personNameType: string,
  preserveGender: boolean,
) =>
  spec('person_name_perturbation.PersonNamePerturbation', {
    prob,
    source_class: source,
    target_class: target,
    name_file_path: null,
    person_name_type: personNameType,
    preserve_gender: preserveGender,
  });

const gender = (mode: string, prob: ArgValue, source: string, target: string) =>
  spec('gender_perturbation.GenderPerturbation', {
    mode,
    prob,
    source_class: source,
    target_class: target,
    mapping_file_path: null,
    mapping_file_genders: null,
    bidirectional: false,
  });

const clevaMildMix = () => spec('cleva_perturbation.CLEVAMildMixPerturbation');
const clevaGender = () =>
  spec('cleva_perturbation.ChineseGenderPerturbation', {
    mode: 'pronouns',
    prob: pyFloat(1),
    source_class: 'male',
    target_class: 'female',
  });
const clevaPersonName = () =>
  spec('cleva_perturbation.ChinesePersonNamePerturbation', {
    prob: pyFloat(1),
    source_class: { gender: 'male' },
    target_class: { gender: 'female' },
    preserve_gender: true,
  });
const simplifiedToTraditional = () => spec('cleva_perturbation.SimplifiedToTraditionalPerturbation');
const mandarinToCantonese = () => spec('cleva_perturbation.MandarinToCantonesePerturbation');
const translate = (code: string) => spec('translate_perturbation.TranslatePerturbation', { language_code: code });
const suffix = (text: string) => spec('suffix_perturbation.SuffixPerturbation', { suffix: text });

const WHITE_AM = { race: 'white_american' };
const BLACK_AM = { race: 'black_american' };

function robustnessSpecs(): ObjectSpec[] {
  return [mildMix()];
}

function fairnessSpecs(): ObjectSpec[] {
  return [
    dialect(pyFloat(1), 'SAE', 'AAVE'),
    gender('pronouns', pyFloat(1), 'male', 'female'),
    personName(pyFloat(1), WHITE_AM, BLACK_AM, 'first_name', true),
  ];
}

type Options = Array<[string, ObjectSpec[]]>;

// Built lazily so that every call gets fresh objects (specs are plain mutable data).
const PRESETS: Record<string, () => Options> = {
  extra_space: () => [['extra_space2', [extraSpace(2)]]],
  contrast_sets: () => [['contrast_sets', [contrastSets()]]],
  space: () => [['space3', [space(3)]]],
  lower: () => [['lower', [lower()]]],
  contract: () => [['contract', contractAndExpand()]],
  filler: () => [['filler0.3', [filler(0.3)]]],
  misspelling_mild: () => [['misspelling0.05', [misspelling(0.05)]]],
  misspelling_medium: () => [['misspelling0.20', [misspelling(0.2)]]],
  misspelling_hard: () => [['misspelling0.5', [misspelling(0.5)]]],
  // The first prob is the Python int 0, hence "misspelling0".
  misspelling_sweep: () => [0, 0.05, 0.2, 0.5].map((p) => [`misspelling${p}`, [misspelling(p)]]),
  typo_easy: () => [['typo0.1', [typo(0.1)]]],
  typo_medium: () => [['typo0.3', [typo(0.3)]]],
  typo_hard: () => [['typo0.5', [typo(0.5)]]],
  synonym: () => [['synonym0.5', [synonym(0.5)]]],
  dialect_easy: () => [['dialect_easy_prob=0.1_source=SAE_target=AAVE', [dialect(0.1, 'SAE', 'AAVE')]]],
  dialect_medium: () => [['dialect_prob=0.3_source=SAE_target=AAVE', [dialect(0.3, 'SAE', 'AAVE')]]],
  dialect_hard: () => [['dialect_prob=0.5_source=SAE_target=AAVE', [dialect(0.5, 'SAE', 'AAVE')]]],
  dialect_deterministic: () => [['dialect_prob=1.0_source=SAE_target=AAVE', [dialect(pyFloat(1), 'SAE', 'AAVE')]]],
  person_name_first_hard_preserve_gender: () => [
    [
      'person_name_first_prob=0.5_source=white_target=black_preserve_gender=True',
      [personName(0.5, WHITE_AM, BLACK_AM, 'first_name', true)],
    ],
  ],
  person_name_first_hard_dont_preserve_gender: () => [
    [
      'person_name_first_prob=0.5_source=white_target=black_preserve_gender=False',
      [personName(0.5, WHITE_AM, BLACK_AM, 'first_name', false)],
    ],
  ],
  person_name_first_deterministic: () => [
    [
      'person_name_first_prob=1.0_source=white_target=black_preserve_gender=True',
      [personName(pyFloat(1), WHITE_AM, BLACK_AM, 'first_name', true)],
    ],
  ],
  person_name_last_deterministic: () => [
    [
      'person_name_last_prob=1.0_source=white_target=hispanic',
      [personName(pyFloat(1), { race: 'white' }, { race: 'hispanic' }, 'last_name', false)],
    ],
  ],
  person_name_last_hard: () => [
    [
      'person_name_last_prob=0.5_source=white_target=hispanic',
      [personName(0.5, { race: 'white' }, { race: 'hispanic' }, 'last_name', false)],
    ],
  ],
  gender_terms_easy: () => [['gender_terms_prob=0.1_source=male_target=female', [gender('terms', 0.1, 'male', 'female')]]],
  gender_terms_medium: () => [['gender_terms_prob=0.3_source=male_target=female', [gender('terms', 0.3, 'male', 'female')]]],
  gender_terms_hard: () => [['gender_terms_prob=0.5_source=male_target=female', [gender('terms', 0.5, 'male', 'female')]]],
  gender_terms_deterministic: () => [
    ['gender_terms_prob=1.0_source=male_target=female', [gender('terms', pyFloat(1), 'male', 'female')]],
  ],
  gender_pronouns_easy: () => [
    ['gender_pronouns_prob=0.1_source=male_target=female', [gender('pronouns', 0.1, 'male', 'female')]],
  ],
  gender_pronouns_medium: () => [
    ['gender_pronouns_prob=0.3_source=male_target=female', [gender('pronouns', 0.3, 'male', 'female')]],
  ],
  gender_pronouns_hard: () => [
    ['gender_pronouns_prob=0.5_source=male_target=female', [gender('pronouns', 0.5, 'male', 'female')]],
  ],
  gender_pronouns_deterministic: () => [
    ['gender_pronouns_prob=1.0_source=male_target=female', [gender('pronouns', pyFloat(1), 'male', 'female')]],
  ],
  robustness: () => [['robustness', robustnessSpecs()]],
  fairness: () => [['fairness', fairnessSpecs()]],
  canonical: () => [['canonical', [...robustnessSpecs(), ...fairnessSpecs()]]],
  robustness_all: () => [
    [
      'robustness_all',
      [...contractAndExpand(), filler(0.1), lower(), misspelling(0.1), space(3), synonym(0.1), typo(0.01)],
    ],
  ],
  cleva_robustness: () => [['robustness', [clevaMildMix()]]],
  cleva_fairness: () => [
    ['fairness', [clevaGender(), clevaPersonName(), simplifiedToTraditional(), mandarinToCantonese()]],
  ],
  cleva: () => [
    ['cleva', [clevaMildMix(), clevaGender(), clevaPersonName(), simplifiedToTraditional(), mandarinToCantonese()]],
  ],
  chinese: () => [['chinese', [translate('zh-CN')]]],
  hindi: () => [['hindi', [translate('hi')]]],
  spanish: () => [['spanish', [translate('es')]]],
  swahili: () => [['swahili', [translate('sw')]]],
  art: () => [
    [
      'art',
      ['oil painting', 'watercolor', 'pencil sketch', 'animation', 'vector graphics', 'pixel art'].map(suffix),
    ],
  ],
};

export const DATA_AUGMENTATION_PRESETS: readonly string[] = Object.keys(PRESETS);

export function isDataAugmentationPreset(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(PRESETS, name);
}

/** The (option name, perturbation specs) pairs of a preset; undefined for an unknown preset. */
export function dataAugmentationOptions(preset: string): Options | undefined {
  return isDataAugmentationPreset(preset) ? PRESETS[preset]() : undefined;
}

/** Original and perturbed eval instances together, train instances untouched (HELM's settings). */
export function augmenterSpecFor(perturbationSpecs: ObjectSpec[]): DataAugmenterSpec {
  return {
    perturbation_specs: perturbationSpecs,
    should_augment_train_instances: false,
    should_include_original_train: true,
    should_skip_unchanged_train: true,
    should_augment_eval_instances: true,
    should_include_original_eval: true,
    should_skip_unchanged_eval: true,
    seeds_per_instance: 1,
  };
}
