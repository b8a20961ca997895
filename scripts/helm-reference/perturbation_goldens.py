"""Unit goldens for helm-ts's perturbations: HELM's own perturbation classes applied to fixed
instances (several seeds each); every perturbed instance is kept as HELM's JSON.

Run through perturbation-goldens.sh (it sets the working directory and the venv). Writes
test/fixtures/perturbations/perturbation-goldens.json.
"""

import json
import sys
from dataclasses import asdict

from helm.benchmark.augmentations.perturbation import PerturbationSpec, create_perturbation
from helm.benchmark.scenarios.scenario import Input, Instance, Output, Reference

AUG = "helm.benchmark.augmentations."
FIXTURES = "test/fixtures/perturbations/"

TEXTS = [
    "The quick brown fox jumps over the lazy dog.",
    "She is a doctor, and I am a student. He is not going to say what it is.",
    "I'm sure they're right: it's what we'd've done, isn't it? WON'T you come? He'd've known.",
    "Already, the new product is not available. Their aquarium was accidentally abandoned in Cape Town.",
    "His son and her daughter met the King and Queen; the man told his brother about himself.",
    "  Spaces   everywhere  and\ttabs\n  and newlines  ",
    "Café's naïve résumé: Straße, İstanbul, ǆungla, ﬁnal ΣΑΣ. Ελληνικά λόγια. 漢字 and ﬀ.",
    "Adam and Amanda met Alex, Josh and HARRY; adam's friend Courtney Smith-Johnson visited Miller and Li.",
    "With you all going to the store about 10 a.m., this brother isn't thinking about nothing with them.",
    "Mother-in-law: -with- the self-made (about) [them] {this} 'brother' \"the\" mother.",
    "He he he. HIS his His. Father's fathers' grandfather; stepmom, stepdads, granddads!",
    "Question: If x = 3 and y = 4, what is x + y?\nAnswer: 7",
    "",
    "a",
    "what's what're when's where've who'll why's y'all o'clock ma'am",
]


def instances():
    out = []
    for i, text in enumerate(TEXTS):
        references = [
            Reference(Output(text="He said the man is his father."), tags=["correct"]),
            Reference(Output(text=f"variant {i}: Amanda's brother"), tags=[]),
        ]
        out.append(Instance(Input(text=text), references=references, split="test", id=f"id{i * 7}"))
    # Contrast sets (BoolQ-style): two expert edits with their own references.
    out.append(
        Instance(
            Input(text="Is the sky blue?"),
            references=[Reference(Output(text="yes"), tags=["correct"])],
            split="valid",
            id="id900",
            contrast_inputs=[Input(text="Is the sky green?"), Input(text="Is the sea blue?")],
            contrast_references=[
                [Reference(Output(text="no"), tags=["correct"])],
                [Reference(Output(text="yes"), tags=["correct"])],
            ],
        )
    )
    return out


CONFIGS = [
    ("lowercase", "lowercase_perturbation.LowerCasePerturbation", {}),
    ("contraction", "contraction_expansion_perturbation.ContractionPerturbation", {}),
    ("expansion", "contraction_expansion_perturbation.ExpansionPerturbation", {}),
    ("space3", "space_perturbation.SpacePerturbation", {"max_spaces": 3}),
    ("extra_space2", "extra_space_perturbation.ExtraSpacePerturbation", {"num_spaces": 2}),
    ("filler0.3", "filler_words_perturbation.FillerWordsPerturbation", {"insert_prob": 0.3, "speaker_ph": False}),
    ("filler_defaults_max2", "filler_words_perturbation.FillerWordsPerturbation", {"max_num_insert": 2}),
    ("misspelling0.5", "misspelling_perturbation.MisspellingPerturbation", {"prob": 0.5}),
    ("misspelling1.0", "misspelling_perturbation.MisspellingPerturbation", {"prob": 1.0}),
    ("typo0.1", "typos_perturbation.TyposPerturbation", {"prob": 0.1}),
    ("typo0.5", "typos_perturbation.TyposPerturbation", {"prob": 0.5}),
    ("gender_terms1.0", "gender_perturbation.GenderPerturbation",
     {"mode": "terms", "prob": 1.0, "source_class": "male", "target_class": "female"}),
    ("gender_terms0.5", "gender_perturbation.GenderPerturbation",
     {"mode": "terms", "prob": 0.5, "source_class": "male", "target_class": "female"}),
    ("gender_pronouns1.0", "gender_perturbation.GenderPerturbation",
     {"mode": "pronouns", "prob": 1.0, "source_class": "male", "target_class": "female"}),
    ("gender_pronouns_bidirectional", "gender_perturbation.GenderPerturbation",
     {"mode": "pronouns", "prob": 0.7, "source_class": "Female", "target_class": "neutral", "bidirectional": True}),
    ("dialect1.0", "dialect_perturbation.DialectPerturbation",
     {"prob": 1.0, "source_class": "SAE", "target_class": "AAVE", "mapping_file_path": FIXTURES + "dialect-mapping.json"}),
    ("dialect0.5", "dialect_perturbation.DialectPerturbation",
     {"prob": 0.5, "source_class": "sae", "target_class": "aave", "mapping_file_path": FIXTURES + "dialect-mapping.json"}),
    ("person_name_first1.0", "person_name_perturbation.PersonNamePerturbation",
     {"prob": 1.0, "source_class": {"race": "white_american"}, "target_class": {"race": "black_american"},
      "name_file_path": FIXTURES + "person-names.txt", "person_name_type": "first_name", "preserve_gender": True}),
    ("person_name_first0.5_any_gender", "person_name_perturbation.PersonNamePerturbation",
     {"prob": 0.5, "source_class": {"race": "white_american"}, "target_class": {"race": "black_american"},
      "name_file_path": FIXTURES + "person-names.txt", "person_name_type": "first_name", "preserve_gender": False}),
    ("person_name_first_female", "person_name_perturbation.PersonNamePerturbation",
     {"prob": 1.0, "source_class": {"race": "white_american", "gender": "female"},
      "target_class": {"race": "black_american"}, "name_file_path": FIXTURES + "person-names.txt",
      "person_name_type": "first_name", "preserve_gender": True}),
    ("person_name_last1.0", "person_name_perturbation.PersonNamePerturbation",
     {"prob": 1.0, "source_class": {"race": "white"}, "target_class": {"race": "hispanic"},
      "name_file_path": FIXTURES + "person-names.txt", "person_name_type": "last_name", "preserve_gender": False}),
    ("contrast_sets", "contrast_sets_perturbation.ContrastSetsPerturbation", {}),
    ("mild_mix", "mild_mix_perturbation.MildMixPerturbation", {}),
    ("suffix", "suffix_perturbation.SuffixPerturbation", {"suffix": "oil painting"}),
]

SEEDS = [None, 1, 2]


def to_json(instance):
    """HELM's instance JSON: dataclass fields in order, None fields dropped (as in scenario_state.json)."""

    def drop_none(value):
        if isinstance(value, dict):
            return {k: drop_none(v) for k, v in value.items() if v is not None}
        if isinstance(value, list):
            return [drop_none(v) for v in value]
        return value

    return json.dumps(drop_none(asdict(instance)), indent=2)


def main():
    cases = []
    for name, class_name, args in CONFIGS:
        perturbation = create_perturbation(PerturbationSpec(class_name=AUG + class_name, args=args))
        outputs = []
        for instance in instances():
            for seed in SEEDS:
                outputs.append({"instance_id": instance.id, "seed": seed, "json": to_json(perturbation.apply(instance, seed))})
        cases.append({"name": name, "class_name": AUG + class_name, "args": args, "outputs": outputs})
    inputs = [to_json(instance) for instance in instances()]
    json.dump({"helm": sys.argv[1], "instances": inputs, "cases": cases}, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
