#!/usr/bin/env bash
# Differential references: the real Python HELM (crfm-helm) run on a representative set of run
# entries with simple/model1, its five run files kept per case under test/golden/helm-diff/<case>/,
# and test/golden/helm-diff/cases.json listing every case (description, flags, HELM outcome).
# test/differential/helm-differential.test.ts runs helm-ts in-process on the same cases and
# compares field by field.
#
# Usage: scripts/helm-reference/differential.sh [CASE...]
#   CASE   optional subset of case names (default: all cases below).
#
# Environment: NLTK_DATA (for BLEU: a folder written by write-punkt-tab.py), HELM_VENV (default /root/.cache/helm-ts/helm-venv, crfm-helm 0.5.16, see
# Environment: NLTK_DATA (a folder with tokenizers/punkt_tab/english, see test/fixtures/metrics/README.md;
#              HELM's bias metrics tokenize with it and cannot download it offline),
#              PYTHONPATH with google-api-python-client~=2.64 (HELM's `metrics` extra) for
#              real_toxicity_prompts (HELM imports it, then skips ToxicityMetric without a key),
#              HELM_VENV (default /root/.cache/helm-ts/helm-venv, crfm-helm 0.5.16, see
#              test/golden/helm/README.md), DATA (default <repo>/../shared/data, falling back to
#              /work/shared/data), KEEP_TMP=1 keeps the temp dir.
#
# Like generate.sh, each case runs `helm-run` in a fresh temp dir (own --output-path and
# --local-path, so the request cache starts empty and every result has "cached": false), in a
# suite named after the case. --output-path is HELM's default spelling, `benchmark_output` (the
# temp dir is the working directory): HELM writes it into the descriptions of perturbations that
# name a downloaded word list. Downloads are avoided by pre-filling the scenario folders with the
# shared data, where HELM's ensure_file_downloaded() finds the target present and skips it:
#   mmlu     <out>/scenarios/mmlu/data/{dev,test}/      (a directory target: data.tar unpacked)
#   gsm      <out>/scenarios/gsm/gsm_data_{train,test}  (single-file targets)
#   lsat_qa  <out>/scenarios/lsat_qa/data/AR_{Training,Development,Test}Data.json
#   custom_mcqa <out>/scenarios/custom_mcqa/*.jsonl  (test/fixtures/custom-mcqa, from custom-mcqa-data.py)
# synthetic_reasoning and synthetic_reasoning_natural generate their data (seeded), no files.
# The dialect mapping and person-name list of the fairness perturbations are HELM downloads too; the
# hand-made fixtures of test/fixtures/perturbations/ go where HELM looks for them (relative to the
# working directory, <work>/benchmark_output/perturbations/...), so those presets run offline.
#
# cases.json keeps, for a case already listed, the comparison fields the differential test wrote
# ("status", "differences", "why"); a case HELM cannot run gets "status": "helm-failed" and the
# reason; a new case gets "status": "pending" until the test's update mode compares it.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
VENV="${HELM_VENV:-/root/.cache/helm-ts/helm-venv}"
GOLDEN="$REPO_ROOT/test/golden/helm-diff"
if [[ -z "${DATA:-}" ]]; then
  if [[ -d "$REPO_ROOT/../shared/data/mmlu" ]]; then DATA="$REPO_ROOT/../shared/data"; else DATA=/work/shared/data; fi
fi
[[ -x "$VENV/bin/helm-run" ]] || { echo "no helm-run in $VENV/bin" >&2; exit 1; }
for d in mmlu/dev mmlu/test gsm lsat; do [[ -d "$DATA/$d" ]] || { echo "no $DATA/$d" >&2; exit 1; }; done

# case name | run entry | --max-eval-instances | --num-train-trials (empty: HELM's default) | what it covers
#   [| other helm-run flags, space-separated: only --disable-cache is understood by the test]
CASES=(
  "mmlu_joint_philosophy_m10|mmlu:subject=philosophy,method=multiple_choice_joint,model=simple/model1|10||multiple_choice_joint, the tutorial"
  "mmlu_joint_anatomy_m4_t3|mmlu:subject=anatomy,method=multiple_choice_joint,model=simple/model1|4|3|multiple_choice_joint, three train trials"
  "mmlu_joint_astronomy_zeroshot_m6|mmlu:subject=astronomy,model=simple/model1,max_train_instances=0|6||multiple_choice_joint, zero-shot"
  "mmlu_joint_cot_philosophy_m4|mmlu:subject=philosophy,method=multiple_choice_joint_chain_of_thought,model=simple/model1|4||multiple_choice_joint_chain_of_thought"
  "mmlu_separate_original_philosophy_m5|mmlu:subject=philosophy,method=multiple_choice_separate_original,model=simple/model1|5||multiple_choice_separate_original"
  "mmlu_separate_original_anatomy_m3_t2|mmlu:subject=anatomy,method=multiple_choice_separate_original,model=simple/model1|3|2|multiple_choice_separate_original, two train trials"
  "mmlu_separate_calibrated_philosophy_m5|mmlu:subject=philosophy,method=multiple_choice_separate_calibrated,model=simple/model1|5||multiple_choice_separate_calibrated"
  "mmlu_generation_philosophy_m3|mmlu:subject=philosophy,method=generation,model=simple/model1|3||method=generation on mmlu"
  "gsm_m5|gsm:model=simple/model1|5||generation (gsm)"
  "gsm_m8_t2|gsm:model=simple/model1|8|2|generation (gsm), two train trials"
  "lsat_qa_all_m5|lsat_qa:task=all,model=simple/model1|5||multiple_choice_joint (lsat_qa)"
  "lsat_qa_grouping_m7_t2|lsat_qa:task=grouping,model=simple/model1|7|2|multiple_choice_joint (lsat_qa), a task subset, two train trials"
  "synthetic_reasoning_pattern_match_m5|synthetic_reasoning:mode=pattern_match,model=simple/model1|5||generation (synthetic_reasoning)"
  "synthetic_reasoning_variable_substitution_m5|synthetic_reasoning:mode=variable_substitution,model=simple/model1|5||generation (synthetic_reasoning)"
  "synthetic_reasoning_induction_m6_t2|synthetic_reasoning:mode=induction,model=simple/model1|6|2|generation (synthetic_reasoning), two train trials"
  "synthetic_reasoning_natural_easy_m5|synthetic_reasoning_natural:difficulty=easy,model=simple/model1|5||generation (synthetic_reasoning_natural)"
  "synthetic_reasoning_natural_hard_m4_t2|synthetic_reasoning_natural:difficulty=hard,model=simple/model1|4|2|generation (synthetic_reasoning_natural), two train trials"
  "mmlu_joint_abstract_algebra_m200|mmlu:subject=abstract_algebra,model=simple/model1|200||more eval instances asked than the 100 test rows"
  "mmlu_joint_philosophy_testsplit_train2_m7|mmlu:subject=philosophy,model=simple/model1,eval_split=test,max_train_instances=2|7||eval_split and max_train_instances run expanders"
  "mmlu_joint_cot_anatomy_m3_t2|mmlu:subject=anatomy,method=multiple_choice_joint_chain_of_thought,model=simple/model1|3|2|multiple_choice_joint_chain_of_thought, two train trials"
  "mmlu_separate_calibrated_anatomy_m3_t2|mmlu:subject=anatomy,method=multiple_choice_separate_calibrated,model=simple/model1|3|2|multiple_choice_separate_calibrated, two train trials"
  "lsat_qa_ordering_separate_original_m4|lsat_qa:task=ordering,method=multiple_choice_separate_original,model=simple/model1|4||multiple_choice_separate_original (lsat_qa)"
  "lsat_qa_assignment_m300|lsat_qa:task=assignment,model=simple/model1|300||multiple_choice_joint (lsat_qa), every eval instance of a task"
  "lsat_qa_miscellaneous_m5|lsat_qa:task=miscellaneous,model=simple/model1|5||lsat_qa task with no subtypes"
  "gsm_m40|gsm:model=simple/model1|40||generation (gsm), 40 instances"
  "gsm_zeroshot_m5_t3|gsm:model=simple/model1,max_train_instances=0|5|3|zero-shot forces one train trial"
  "synthetic_reasoning_pattern_match_m30_t3|synthetic_reasoning:mode=pattern_match,model=simple/model1|30|3|generation (synthetic_reasoning), three train trials"
  "synthetic_reasoning_natural_easy_m25|synthetic_reasoning_natural:difficulty=easy,model=simple/model1|25||generation (synthetic_reasoning_natural), 25 instances"
  "mmlu_joint_world_history_m8|mmlu:subject=high_school_world_history,model=simple/model1|8||long passages with non-ASCII text (escaped as HELM does)"
  "mmlu_joint_european_history_m5_t2|mmlu:subject=high_school_european_history,model=simple/model1|5|2|long passages, two train trials"
  "mmlu_separate_original_formal_logic_m4|mmlu:subject=formal_logic,method=multiple_choice_separate_original,model=simple/model1|4||logic symbols (non-ASCII) in separate requests"
  "mmlu_joint_cot_professional_law_m3|mmlu:subject=professional_law,method=multiple_choice_joint_chain_of_thought,model=simple/model1|3||chain of thought on long prompts"
  "mmlu_joint_philosophy_train8_m3|mmlu:subject=philosophy,model=simple/model1,max_train_instances=8|3||more train instances asked than the 5 dev rows"
  "mmlu_joint_philosophy_validsplit_m5|mmlu:subject=philosophy,model=simple/model1,eval_split=valid|5||an eval split with no instances (no val/ data)"
  "gsm_m1|gsm:model=simple/model1|1||a single eval instance"
  "synthetic_reasoning_variable_substitution_m12_t3|synthetic_reasoning:mode=variable_substitution,model=simple/model1|12|3|generation (synthetic_reasoning), three train trials"
  "synthetic_reasoning_natural_hard_m30|synthetic_reasoning_natural:difficulty=hard,model=simple/model1|30||generation (synthetic_reasoning_natural), 30 instances"
  "lsat_qa_grouping_m7_t2_disable_cache|lsat_qa:task=grouping,model=simple/model1|7|2|--disable-cache: repeated prompts are not cache hits|--disable-cache"
  "lsat_qa_unknown_task_m3|lsat_qa:task=bogus,model=simple/model1|3||an invalid scenario argument (lsat_qa task)"
  "synthetic_reasoning_unknown_mode_m3|synthetic_reasoning:mode=bogus,model=simple/model1|3||an invalid scenario argument (synthetic_reasoning mode)"
  "gsm_unknown_arg_m3|gsm:foo=bar,model=simple/model1|3||an argument the run spec function does not take"
  "mmlu_unknown_model_m3|mmlu:subject=philosophy,model=simple/nope|3||an unknown model"
  "boolq_m5|boolq:model=simple/model1|5||generation (boolq)"
  "truthful_qa_mc_single_m5|truthful_qa:task=mc_single,model=simple/model1|5||multiple_choice_joint (truthful_qa)"
  "commonsense_hellaswag_separate_calibrated_m3|commonsense:dataset=hellaswag,method=multiple_choice_separate_calibrated,model=simple/model1|3||multiple_choice_separate_calibrated (hellaswag)"
  "narrative_qa_m3|narrative_qa:model=simple/model1|3||generation with long passages (narrative_qa)"
  "the_pile_arxiv_m3|the_pile:subset=ArXiv,model=simple/model1|3||language_modeling (the_pile)"
  "wikitext_103_m3|wikitext_103:model=simple/model1|3||language_modeling (wikitext_103)"
  "twitter_aae_aa_m3|twitter_aae:demographic=aa,model=simple/model1|3||language_modeling (twitter_aae)"
  "mmlu_lower_philosophy_m10|mmlu:subject=philosophy,model=simple/model1,data_augmentation=lower|10||lower (data_augmentation), the issue's 18-request-state case"
  "mmlu_lower_anatomy_m4_t3|mmlu:subject=anatomy,model=simple/model1,data_augmentation=lower|4|3|lower, three train trials"
  "mmlu_contract_philosophy_m12|mmlu:subject=philosophy,model=simple/model1,data_augmentation=contract|12||contraction + expansion"
  "mmlu_contract_world_history_m6_t2|mmlu:subject=high_school_world_history,model=simple/model1,data_augmentation=contract|6|2|contraction + expansion on long passages, two train trials"
  "mmlu_space_philosophy_m6|mmlu:subject=philosophy,model=simple/model1,data_augmentation=space|6||space (seeded randint)"
  "mmlu_space_anatomy_m25_t2|mmlu:subject=anatomy,model=simple/model1,data_augmentation=space|25|2|space (seeded randint), 25 instances, two train trials"
  "mmlu_extra_space_philosophy_m5|mmlu:subject=philosophy,model=simple/model1,data_augmentation=extra_space|5||extra_space"
  "mmlu_filler_philosophy_m7_t3|mmlu:subject=philosophy,model=simple/model1,data_augmentation=filler|7|3|filler words (seeded), three train trials"
  "mmlu_filler_astronomy_m30|mmlu:subject=astronomy,model=simple/model1,data_augmentation=filler|30||filler words (seeded), 30 instances"
  "mmlu_misspelling_mild_philosophy_m40|mmlu:subject=philosophy,model=simple/model1,data_augmentation=misspelling_mild|40||misspelling p=0.05 (seeded), 40 instances"
  "mmlu_misspelling_medium_anatomy_m10|mmlu:subject=anatomy,model=simple/model1,data_augmentation=misspelling_medium|10||misspelling p=0.20 (seeded)"
  "mmlu_misspelling_hard_world_history_m5_t2|mmlu:subject=high_school_world_history,model=simple/model1,data_augmentation=misspelling_hard|5|2|misspelling p=0.5 on long passages, two train trials"
  "mmlu_typo_easy_philosophy_m30|mmlu:subject=philosophy,model=simple/model1,data_augmentation=typo_easy|30||typos p=0.1 (seeded), 30 instances"
  "mmlu_typo_medium_anatomy_m8_t2|mmlu:subject=anatomy,model=simple/model1,data_augmentation=typo_medium|8|2|typos p=0.3 (seeded), two train trials"
  "mmlu_typo_hard_formal_logic_m5|mmlu:subject=formal_logic,model=simple/model1,data_augmentation=typo_hard|5||typos p=0.5 on non-ASCII logic symbols"
  "mmlu_gender_terms_hard_philosophy_m20|mmlu:subject=philosophy,model=simple/model1,data_augmentation=gender_terms_hard|20||gender terms p=0.5 (seeded), references perturbed too"
  "mmlu_gender_pronouns_deterministic_world_history_m6|mmlu:subject=high_school_world_history,model=simple/model1,data_augmentation=gender_pronouns_deterministic|6||gender pronouns p=1.0"
  "mmlu_gender_pronouns_medium_philosophy_m15_t2|mmlu:subject=philosophy,model=simple/model1,data_augmentation=gender_pronouns_medium|15|2|gender pronouns p=0.3 (seeded), two train trials"
  "mmlu_robustness_philosophy_m10|mmlu:subject=philosophy,model=simple/model1,data_augmentation=robustness|10||robustness preset (mild mix: lower, contraction, misspelling 0.1, space 3)"
  "mmlu_robustness_anatomy_m30_t2|mmlu:subject=anatomy,model=simple/model1,data_augmentation=robustness|30|2|robustness preset, 30 instances, two train trials"
  "mmlu_separate_original_lower_philosophy_m4|mmlu:subject=philosophy,method=multiple_choice_separate_original,model=simple/model1,data_augmentation=lower|4||lower with multiple_choice_separate_original"
  "mmlu_separate_calibrated_typo_medium_anatomy_m3|mmlu:subject=anatomy,method=multiple_choice_separate_calibrated,model=simple/model1,data_augmentation=typo_medium|3||typos with multiple_choice_separate_calibrated"
  "mmlu_cot_filler_philosophy_m3|mmlu:subject=philosophy,method=multiple_choice_joint_chain_of_thought,model=simple/model1,data_augmentation=filler|3||filler with chain of thought"
  "gsm_lower_m5|gsm:model=simple/model1,data_augmentation=lower|5||lower on generation (gsm)"
  "gsm_contract_m12|gsm:model=simple/model1,data_augmentation=contract|12||contraction + expansion on gsm"
  "gsm_space_m8_t2|gsm:model=simple/model1,data_augmentation=space|8|2|space on gsm, two train trials"
  "gsm_extra_space_m4|gsm:model=simple/model1,data_augmentation=extra_space|4||extra_space on gsm"
  "gsm_filler_m10|gsm:model=simple/model1,data_augmentation=filler|10||filler words on gsm"
  "gsm_misspelling_hard_m10|gsm:model=simple/model1,data_augmentation=misspelling_hard|10||misspelling p=0.5 on gsm"
  "gsm_misspelling_mild_m40|gsm:model=simple/model1,data_augmentation=misspelling_mild|40||misspelling p=0.05 on gsm, 40 instances"
  "gsm_typo_easy_m6_t3|gsm:model=simple/model1,data_augmentation=typo_easy|6|3|typos p=0.1 on gsm, three train trials"
  "gsm_typo_hard_m20|gsm:model=simple/model1,data_augmentation=typo_hard|20||typos p=0.5 on gsm, 20 instances"
  "gsm_gender_terms_deterministic_m15|gsm:model=simple/model1,data_augmentation=gender_terms_deterministic|15||gender terms p=1.0 on gsm (references perturbed)"
  "gsm_gender_pronouns_hard_m10|gsm:model=simple/model1,data_augmentation=gender_pronouns_hard|10||gender pronouns p=0.5 on gsm"
  "gsm_robustness_m12_t2|gsm:model=simple/model1,data_augmentation=robustness|12|2|robustness preset (mild mix) on gsm, two train trials"
  "gsm_fairness_m20|gsm:model=simple/model1,data_augmentation=fairness|20||fairness preset (dialect, pronouns, first names; fixture word lists)"
  "gsm_canonical_m8_t2|gsm:model=simple/model1,data_augmentation=canonical|8|2|canonical preset (robustness + fairness), two train trials (fixture word lists)"
  "gsm_dialect_hard_m15|gsm:model=simple/model1,data_augmentation=dialect_hard|15||dialect p=0.5 (fixture mapping)"
  "gsm_person_name_first_hard_preserve_gender_m30|gsm:model=simple/model1,data_augmentation=person_name_first_hard_preserve_gender|30||first names p=0.5, gender kept (fixture names)"
  "gsm_person_name_first_hard_dont_preserve_gender_m12|gsm:model=simple/model1,data_augmentation=person_name_first_hard_dont_preserve_gender|12||first names p=0.5, any gender (fixture names)"
  "mmlu_canonical_philosophy_m10|mmlu:subject=philosophy,model=simple/model1,data_augmentation=canonical|10||canonical preset on MMLU (fixture word lists)"
  "mmlu_dialect_deterministic_world_history_m5_t2|mmlu:subject=high_school_world_history,model=simple/model1,data_augmentation=dialect_deterministic|5|2|dialect p=1.0 on long passages, two train trials (fixture mapping)"
  "mmlu_person_name_last_deterministic_us_history_m25|mmlu:subject=high_school_us_history,model=simple/model1,data_augmentation=person_name_last_deterministic|25||last names p=1.0 (fixture names)"
  "mmlu_fairness_separate_original_philosophy_m4|mmlu:subject=philosophy,method=multiple_choice_separate_original,model=simple/model1,data_augmentation=fairness|4||fairness preset with multiple_choice_separate_original (fixture word lists)"
  "gsm_stop_none_m3|gsm:model=simple/model1,stop=none|3||the Lite output-format conf's gsm entry (stop=none)"
  "mmlu_output_format_us_foreign_policy_m4|mmlu:subject=us_foreign_policy,model=simple/model1,output_format_instructions=mmlu|4||the Lite output-format conf's mmlu entry"
  "twitter_aae_aa_m3|twitter_aae:demographic=aa,model=simple/model1|3||language_modeling (twitter_aae, fixture data)"
  "twitter_aae_white_m10|twitter_aae:demographic=white,model=simple/model1|10||language_modeling (twitter_aae, fixture data, every tweet)"
  "civil_comments_all_m10|civil_comments:demographic=all,model=simple/model1|10||generation with bias and classification metrics, sub-splits (civil_comments, fixture data; needs NLTK_DATA)"
  "wikifact_place_of_birth_m5|wikifact:k=5,subject=place_of_birth,model=simple/model1|5||completion with 5 outputs (wikifact, fixture data)"
  "babi_qa_task3_m5|babi_qa:task=3,model=simple/model1|5||generation (babi_qa, fixture data)"
  "bbq_all_m10|bbq:subject=all,model=simple/model1|10||multiple_choice_joint with the BBQ metric (bbq, fixture data)"
  "bold_gender_m5|bold:subject=gender,model=simple/model1|5||generation with the basic metrics (bold, every instance test, fixture data)"
  "bold_all_m12|bold:subject=all,model=simple/model1|12||bold, all five domains shuffled together (fixture data)"
  "real_toxicity_prompts_m10|real_toxicity_prompts:model=simple/model1|10||toxic/non-toxic sub-splits, basic and bias metrics (ToxicityMetric skipped by HELM without Perspective, unavailable in helm-ts; fixture data)"
  "blimp_binding_m6|blimp:phenomenon=binding,model=simple/model1|6||multiple_choice_separate_original with empty inputs (blimp, fixture data)"
  "dyck_language_np3_m10|dyck_language:num_parenthesis_pairs=3,model=simple/model1|10||generation (dyck_language, generated), the HELM paper's entry"
  "dyck_language_np2_m25_t2|dyck_language:num_parenthesis_pairs=2,model=simple/model1|25|2|generation (dyck_language), two train trials"
  "custom_mcqa_medqa_m10|custom_mcqa:path=medqa.jsonl,model=simple/model1|10||custom_mcqa: your own JSONL, zero-shot by default"
  "custom_mcqa_medqa_train3_m6_t2|custom_mcqa:path=medqa.jsonl,num_train_instances=3,model=simple/model1|6|2|custom_mcqa: num_train_instances few-shot, two train trials"
  "custom_mcqa_philosophy_train5_m8|custom_mcqa:path=philosophy.jsonl,num_train_instances=5,model=simple/model1|8||custom_mcqa: ids and extra_data kept, valid and test split rows"
  "custom_mcqa_philosophy_separate_m5|custom_mcqa:path=philosophy.jsonl,method=multiple_choice_separate_original,num_train_instances=2,model=simple/model1|5||custom_mcqa: method=multiple_choice_separate_original"
  "custom_mcqa_philosophy_cot_m4|custom_mcqa:path=philosophy.jsonl,method=multiple_choice_joint_chain_of_thought,num_train_instances=1,model=simple/model1|4||custom_mcqa: chain of thought"
  "custom_mcqa_medqa_expander_m4|custom_mcqa:path=medqa.jsonl,num_train_instances=1,max_train_instances=4,model=simple/model1|4||custom_mcqa: the max_train_instances run expander overrides num_train_instances"
  "custom_mcqa_missing_references_m3|custom_mcqa:path=missing_references.jsonl,model=simple/model1|3||custom_mcqa: a JSONL line without references"
  "custom_mcqa_missing_file_m3|custom_mcqa:path=no_such_file.jsonl,model=simple/model1|3||custom_mcqa: a path that does not exist"
)

# HELM Lite cases on the prepared Lite mirror (scripts/helm-reference/lite_mirror.py): HELM runs
# through lite_helm_run.py, whose load_dataset builds MATH, LegalBench and WMT14 rows from it.
LITE_CASES=(
  "math_algebra_l1_cot_m5|math:subject=algebra,level=1,use_chain_of_thought=True,model=simple/model1|5||MATH, chain of thought (8 train examples drawn from the sorted, shuffled train split)"
  "math_precalculus_l1_cot_instruct_m3|math:model=simple/model1,subject=precalculus,level=1,use_chain_of_thought=True,follow_format_instructions=instruct|3||MATH as the Lite conf writes it"
  "math_counting_l2_cot_m3_t2|math:subject=counting_and_probability,level=2,use_chain_of_thought=True,model=simple/model1|3|2|MATH, chain of thought, two train trials"
  "math_geometry_l3_official_m4|math:subject=geometry,level=3,use_official_examples=True,model=simple/model1|4||MATH with the official examples"
  "math_number_theory_l5_m6|math:subject=number_theory,level=5,model=simple/model1|6||MATH, boxed answers only (math_equiv)"
  "math_intermediate_algebra_l4_output_format_m3|math:subject=intermediate_algebra,level=4,model=simple/model1,output_format_instructions=math|3||MATH with output_format_instructions=math"
  "legalbench_abercrombie_m5|legalbench:subset=abercrombie,model=simple/model1|5||LegalBench: train.tsv few-shot, the old test file as the test split"
  "legalbench_proa_m10_t2|legalbench:subset=proa,model=simple/model1|10|2|LegalBench proa, two train trials"
  "legalbench_corporate_lobbying_m3|legalbench:subset=corporate_lobbying,model=simple/model1|3||LegalBench corporate_lobbying (four fields, long prompts)"
  "legalbench_proa_output_format_m4|legalbench:subset=proa,model=simple/model1,output_format_instructions=legalbench|4||LegalBench with output_format_instructions=legalbench"
  "med_qa_m5|med_qa:model=simple/model1|5||MedQA from the test file (train and dev files empty: zero-shot)"
  "med_qa_output_format_m3|med_qa:model=simple/model1,output_format_instructions=med_qa|3||MedQA with output_format_instructions=med_qa"
  "wmt_14_de_en_m5|wmt_14:language_pair=de-en,model=simple/model1|5||WMT14 de-en, newstest2014 test split (train and validation empty)"
  "wmt_14_hi_en_output_format_m4|wmt_14:language_pair=hi-en,model=simple/model1,output_format_instructions=wmt_14|4||WMT14 hi-en with output_format_instructions=wmt_14"
)
LITE_NAMES=" $(for c in "${LITE_CASES[@]}"; do printf '%s ' "${c%%|*}"; done)"
CASES+=("${LITE_CASES[@]}")

# More HELM Classic scenarios on their canonical-format fixtures (test/fixtures/scenarios/classic/):
# HELM runs through classic_helm_run.py, whose load_dataset serves RAFT's repository files. ICE's
# module imports xlrd (HELM's `scenarios` extra): give a HELM_VENV that has it for the ice cases.
CLASSIC_CASES=(
  "raft_ade_corpus_v2_m5|raft:subset=ade_corpus_v2,model=simple/model1|5||RAFT from ought/raft's files (20/80 split, NumPy PCG64), fixture data"
  "raft_tai_safety_research_m4_t2|raft:subset=tai_safety_research,model=simple/model1|4|2|RAFT with seven fields per prompt, two train trials"
  "entity_matching_beer_m5|entity_matching:dataset=Beer,model=simple/model1|5||entity matching (pandas merges, balanced train sample, pinned NumPy state), fixture data"
  "entity_matching_abt_buy_m6_t2|entity_matching:dataset=Abt_Buy,model=simple/model1|6|2|entity matching with float prices and NaN, two train trials"
  "entity_data_imputation_restaurant_m5|entity_data_imputation:dataset=Restaurant,model=simple/model1|5||data imputation from an ARFF file, fixture data"
  "entity_data_imputation_buy_m4|entity_data_imputation:dataset=Buy,model=simple/model1|4||data imputation from a CSV with missing values"
  "msmarco_regular_m3|msmarco:track=regular,valid_topk=30,model=simple/model1|3||ranking_binary with RankingMetric (msmarco regular, fixture data)"
  "msmarco_trec_m4|msmarco:track=trec,valid_topk=30,model=simple/model1|4||ranking_binary with RankingMetric and NDCG, graded relevance (msmarco trec, fixture data)"
  "ice_ind_m3|ice:subset=ind,model=simple/model1|3||language_modeling (ICE India, pinned file order, fixture data)"
  "ice_gender_female_m5|ice:gender=female,model=simple/model1|5||ICE filtered by gender from .hdr headers and .xls spreadsheets (fixture data)"
  "ice_ea_m4|ice:subset=ea,model=simple/model1|4||ICE East Africa: several texts per file (fixture data)"
  "summarization_xsum_sampled_m3|summarization_xsum_sampled:model=simple/model1|3||summarization (5-shot from filtered training articles, 512-word documents), ROUGE; HELM's data stats and precomputed scores stubbed out (classic2_shims.py), fixture data"
  "summarization_cnndm_m4|summarization_cnndm:model=simple/model1|4||summarization CNN/DM, three sentences, ROUGE, fixture data"
  "code_humaneval_m3|code:dataset=humaneval,model=simple/model1|3||HumanEval with code_eval_acc and pass (programs run), fixture data"
  "code_apps_m3|code:dataset=apps,model=simple/model1|3||APPS with APPSMetric (test_avg, strict_acc; programs run against the tests), fixture data"
  "copyright_pilot_m4|copyright:datatag=pilot,model=simple/model1|4||BasicCopyrightMetric (prefix, edit distance, similarity), fixture data"
  "copyright_code_m3|copyright:datatag=prompt_num_line_1-min_lines_20.json,model=simple/model1|3||copyright on source code (file named <datatag>.json), fixture data"
  "disinfo_reiteration_climate_m3|disinformation:capability=reiteration,topic=climate,model=simple/model1|3||reiteration few-shot headlines, self-BLEU and Monte Carlo entropy, fixture data"
  "disinfo_wedging_m4|disinformation:capability=wedging,model=simple/model1|4||wedging (no references, sub-splits), five outputs, fixture data"
)
CLASSIC_NAMES=" $(for c in "${CLASSIC_CASES[@]}"; do printf '%s ' "${c%%|*}"; done)"
CASES+=("${CLASSIC_CASES[@]}")

TMP="$(mktemp -d /tmp/helm-diff.XXXXXX)"
if [[ "${KEEP_TMP:-0}" != 1 ]]; then trap 'rm -rf "$TMP"' EXIT; else echo "temp dir: $TMP"; fi
VERSION="$("$VENV/bin/pip" show crfm-helm 2>/dev/null | sed -n 's/^Version: //p')"
echo "crfm-helm $VERSION, data $DATA"
mkdir -p "$GOLDEN"

# The shared data, where each scenario's download would put it.
prefill() {
  local scenarios="$1/scenarios"
  mkdir -p "$scenarios/mmlu/data" "$scenarios/gsm" "$scenarios/lsat_qa/data"
  cp -r "$DATA/mmlu/dev" "$DATA/mmlu/test" "$scenarios/mmlu/data/"
  cp "$DATA/gsm/train.jsonl" "$scenarios/gsm/gsm_data_train"
  cp "$DATA/gsm/test.jsonl" "$scenarios/gsm/gsm_data_test"
  cp "$DATA/lsat/"AR_*Data.json "$scenarios/lsat_qa/data/"
  local perturbations="$1/perturbations"
  mkdir -p "$perturbations/dialect" "$perturbations/person_name/data"
  cp "$REPO_ROOT/test/fixtures/perturbations/dialect-mapping.json" "$perturbations/dialect/SAE_to_AAVE_mapping.json"
  cp "$REPO_ROOT/test/fixtures/perturbations/person-names.txt" "$perturbations/person_name/data/person_names.txt"
  # HELM Classic scenarios whose data is not in the shared folder: the canonical-format fixtures
  # (test/fixtures/scenarios/classic/), which the test uses as the data mirror for these too.
  local fx="$REPO_ROOT/test/fixtures/scenarios/classic"
  mkdir -p "$scenarios/twitter_aae" "$scenarios/civil_comments" "$scenarios/wikifact/data" "$scenarios/babi_qa/data" "$scenarios/blimp/data"
  cp "$fx/twitter_aae/"*_tweets.csv "$scenarios/twitter_aae/"
  cp "$fx/civil_comments/all_data_with_identities.csv" "$scenarios/civil_comments/wilds_civil_comments.csv"
  cp "$fx/wikifact/"*.jsonl "$scenarios/wikifact/data/"
  cp -r "$fx/babi_qa/tasks_1-20_v1-2" "$scenarios/babi_qa/data/"
  cp -r "$fx/blimp/data" "$scenarios/blimp/data/"
  mkdir -p "$scenarios/bbq/data"
  for f in "$fx/bbq/"*.jsonl; do cp "$f" "$scenarios/bbq/data/$(basename "$f" .jsonl)"; done
  # RealToxicityPrompts' prompts.jsonl where HELM unpacks the archive; BOLD's domain files under HELM's download names (data/<category>).
  mkdir -p "$scenarios/real_toxicity_prompts/data"
  cp "$fx/real_toxicity_prompts/prompts.jsonl" "$scenarios/real_toxicity_prompts/data/"
  mkdir -p "$scenarios/bold/data"
  for f in "$fx/bold/"*_prompt.json; do cp "$f" "$scenarios/bold/data/$(basename "$f" _prompt.json)"; done
  # RAFT's prompt settings (read by the run spec function and by the scenario), entity matching and
  # imputation tables, MS MARCO's files under HELM's download names, ICE's pinned order (the corpus
  # itself is read from restricted/ice/ in the working directory, see prefill_ice).
  mkdir -p "$scenarios/raft/data" "$scenarios/entity_matching/data" "$scenarios/entity_data_imputation/data" "$scenarios/msmarco/data" "$scenarios/ice"
  cp "$fx/raft/prompt_construction_settings.json" "$scenarios/raft/"
  cp "$fx/raft/prompt_construction_settings.json" "$scenarios/raft/data/"
  for d in Beer Abt_Buy Dirty_iTunes_Amazon; do cp -r "$fx/entity_matching/$d" "$scenarios/entity_matching/data/"; done
  cp "$fx/entity_matching/entity_matching_scenario_fixed_random_state.json" "$scenarios/entity_matching/"
  for d in Buy Restaurant; do cp -r "$fx/entity_data_imputation/$d" "$scenarios/entity_data_imputation/data/"; done
  cp "$fx/msmarco/"*.tsv "$scenarios/msmarco/data/"
  cp "$fx/ice/ice_scenario_pinned_file_order.json" "$scenarios/ice/"
  # Summarization's pickles, HumanEval (gunzipped), APPS (unpacked, HELM's pinned order inside), copyright's and disinformation's files, under
  # HELM's download names.
  mkdir -p "$scenarios/summarization/data" "$scenarios/code" "$scenarios/copyright" "$scenarios/disinformation"
  cp "$fx/summarization/"*.pk "$scenarios/summarization/data/"
  cp "$fx/code/HumanEval.jsonl" "$scenarios/code/"
  cp -r "$fx/code/APPS" "$scenarios/code/"
  cp "$fx/code/code_scenario_apps_pinned_file_order.json" "$scenarios/code/APPS/"
  cp "$fx/copyright/"*.json "$scenarios/copyright/"
  cp "$fx/disinformation/reiteration" "$fx/disinformation/wedging" "$scenarios/disinformation/"
  # custom_mcqa reads path= relative to its scenario folder (files made by custom-mcqa-data.py).
  mkdir -p "$scenarios/custom_mcqa"
  cp "$REPO_ROOT/test/fixtures/custom-mcqa/"*.jsonl "$scenarios/custom_mcqa/"
}

# The prepared Lite mirror, and the sha256 of its files (helm-ts's copy is checked against them).
LITE_MIRROR="$TMP/lite-mirror"
"$VENV/bin/python" -c "import sys; sys.path.insert(0, '$SCRIPT_DIR'); import lite_mirror; lite_mirror.prepare('$DATA', '$LITE_MIRROR'); print('\n'.join(lite_mirror.file_hashes('$LITE_MIRROR')))" >"$GOLDEN/lite-mirror.sha256"

# What HELM downloads into the scenario folders, already there (legalbench's prompt settings, MedQA).
prefill_lite() {
  local scenarios="$1/scenarios"
  mkdir -p "$scenarios/legalbench/data" "$scenarios/med_qa"
  cp "$LITE_MIRROR/legalbench/helm_prompt_settings.jsonl" "$scenarios/legalbench/prompt_construction_settings.json"
  cp "$LITE_MIRROR/legalbench/helm_prompt_settings.jsonl" "$scenarios/legalbench/data/prompt_construction_settings.json"
  cp -r "$LITE_MIRROR/medqa" "$scenarios/med_qa/data"
}

RESULTS="$TMP/results.jsonl"   # one JSON line per case run now, merged into cases.json at the end
: >"$RESULTS"
for spec in "${CASES[@]}"; do
  IFS='|' read -r name entry maxeval trials covers extra <<<"$spec"
  if [[ $# -gt 0 ]] && ! printf '%s\n' "$@" | grep -qx "$name"; then continue; fi
  work="$TMP/$name"; out="$work/benchmark_output"
  mkdir -p "$work"; prefill "$out"
  lite=0; [[ "$LITE_NAMES" == *" $name "* ]] && lite=1
  [[ $lite == 1 ]] && prefill_lite "$out"
  classic=0; [[ "$CLASSIC_NAMES" == *" $name "* ]] && classic=1
  if [[ $classic == 1 ]]; then mkdir -p "$work/restricted"; ln -s "$REPO_ROOT/test/fixtures/scenarios/classic/ice" "$work/restricted/ice"; fi
  # DisinformationHumanEvalMetrics downloads HELM's human ratings, which hold only HELM's own models:
  # files without simple/model1, where its download would put them, give the same (no stats) offline.
  mkdir -p "$out/runs/$name/eval_cache"
  for f in disinformation_reiteration_human_eval.json disinformation_wedging_human_eval.json; do echo '{}' >"$out/runs/$name/eval_cache/$f"; done
  args=(--max-eval-instances "$maxeval")
  [[ -n "$trials" ]] && args+=(--num-train-trials "$trials")
  # shellcheck disable=SC2206
  [[ -n "$extra" ]] && args+=($extra)
  echo "== $name: helm-run --run-entries '$entry' ${args[*]}"
  status=ok; reason=""
  runner=("$VENV/bin/helm-run")
  [[ $lite == 1 ]] && runner=("$VENV/bin/python" "$SCRIPT_DIR/lite_helm_run.py" "$LITE_MIRROR")
  [[ $classic == 1 ]] && runner=("$VENV/bin/python" "$SCRIPT_DIR/classic_helm_run.py" "$REPO_ROOT/test/fixtures/scenarios/classic")
  if ! (cd "$work" && HF_DATASETS_CACHE="$work/hf-cache" "${runner[@]}" --run-entries "$entry" --suite "$name" "${args[@]}" \
          --local-path "$work/prod_env" --output-path benchmark_output >"$work/helm-run.log" 2>&1); then
    status=failed
  fi
  rundir=""
  for d in "$out/runs/$name"/*/; do d="${d%/}"; [[ -f "$d/per_instance_stats.json" ]] && rundir="$d"; done
  rm -rf "${GOLDEN:?}/$name"
  if [[ "$status" == ok && -n "$rundir" ]]; then
    dest="$GOLDEN/$name/$(basename "$rundir")"; mkdir -p "$dest"
    for f in run_spec.json scenario.json scenario_state.json stats.json per_instance_stats.json; do
      cp "$rundir/$f" "$dest/$f"     # bytes exactly as HELM wrote them
    done
    echo "   -> ${dest#"$REPO_ROOT/"}"
  else
    # HELM reports a failed run in its log (and may still exit 0); keep the reason, no run files.
    reason="$(grep -E "Error|Exception|error:" "$work/helm-run.log" | grep -v "nltk_data" | tail -3 | sed -E 's/^[0-9-]+ [0-9:,]+ +//' | tr '\n' ' ' | cut -c1-600)"
    [[ -z "$reason" ]] && reason="no run directory written; see the log"
    mkdir -p "$GOLDEN/$name"; tail -40 "$work/helm-run.log" >"$GOLDEN/$name/helm-run-log-tail.txt"
    echo "   HELM could not run it: $reason"
    rundir=""
  fi
  node -e 'process.stdout.write(JSON.stringify({name:process.argv[1],description:process.argv[2],maxEvalInstances:Number(process.argv[3]),numTrainTrials:process.argv[4]===""?null:Number(process.argv[4]),covers:process.argv[5],runDir:process.argv[6]===""?null:process.argv[6].split("/").pop(),helmFailure:process.argv[7]===""?null:process.argv[7].trim(),extraFlags:process.argv[8].split(" ").filter(Boolean),mirror:process.argv[9]==="1"?"lite":null})+"\n")' \
    "$name" "$entry" "$maxeval" "$trials" "$covers" "$rundir" "$reason" "$extra" "$lite" >>"$RESULTS"
done

# Merge into cases.json: HELM-side fields from this run, comparison fields kept from before.
for spec in "${CASES[@]}"; do echo "${spec%%|*}"; done >"$TMP/order.txt"
node - "$GOLDEN/cases.json" "$RESULTS" "$VERSION" "$TMP/order.txt" <<'EOF'
const fs = require('fs');
const [file, resultsFile, version, orderFile] = process.argv.slice(2);
const before = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { cases: [] };
const byName = new Map(before.cases.map((c) => [c.name, c]));
for (const line of fs.readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean)) {
  const r = JSON.parse(line);
  const old = byName.get(r.name) ?? {};
  const entry = { name: r.name, description: r.description, maxEvalInstances: r.maxEvalInstances };
  if (r.numTrainTrials !== null) entry.numTrainTrials = r.numTrainTrials;
  if (r.extraFlags.length > 0) entry.extraFlags = r.extraFlags;
  if (r.mirror) entry.mirror = r.mirror;
  entry.covers = r.covers;
  if (r.runDir) {
    entry.runDir = r.runDir;
    const keep = old.status && old.status !== 'helm-failed' && old.runDir === r.runDir;
    entry.status = keep ? old.status : 'pending';
    if (keep && old.why) entry.why = old.why;
    if (keep && old.differences) entry.differences = old.differences;
  } else {
    entry.status = 'helm-failed';
    const downloads = /data_augmentation=(fairness|canonical|dialect|person_name|synonym|robustness_all)/.test(r.description)
      ? 'its perturbations download word lists (dialect mapping, person names)'
      : 'the scenario downloads its data';
    entry.why = /URLError/.test(r.helmFailure)
      ? `HELM cannot run it offline: ${downloads}, which the shared data folder does not hold (URLError: ${(/urlopen error ([^>]*)>/.exec(r.helmFailure) ?? ['', r.helmFailure])[1]})`
      : `HELM rejects this run entry: ${r.helmFailure}`;
  }
  byName.set(r.name, entry);
}
// The script's order (cases no longer in the script last).
const order = fs.readFileSync(orderFile, 'utf8').split('\n').filter(Boolean);
const rank = (name) => (order.includes(name) ? order.indexOf(name) : order.length);
const cases = [...byName.values()].sort((a, b) => rank(a.name) - rank(b.name));
const out = { helm: `crfm-helm ${version}`, model: 'simple/model1', cases };
fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
EOF
echo "wrote ${GOLDEN#"$REPO_ROOT/"}/cases.json"
