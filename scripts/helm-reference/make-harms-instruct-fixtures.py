"""Canonical-format fixtures for the RealToxicityPrompts, BOLD and instruction-following loaders.

Usage: <venv>/bin/python scripts/helm-reference/make-harms-instruct-fixtures.py   (deterministic; pyarrow writes the OASST1 Parquet)

Writes under test/fixtures/scenarios/classic/ (the data-mirror layout each loader documents):
  real_toxicity_prompts/prompts.jsonl            the archive's top folder (only prompts.jsonl is read)
  bold/<category>_prompt.json                     amazon-research/bold prompts/ files
  self_instruct/user_oriented_instructions.jsonl  yizhongw/self-instruct human_eval/
  vicuna/question.jsonl                           FastChat v0.2.5 fastchat/eval/table/
  koala/koala_test_set.jsonl                      arnav-gudibande/koala-test-set
  grammar/instructions.yaml                       a grammar in HELM's format (tags, nesting, an undefined category)
  huggingface/OpenAssistant/oasst1/<rev>/data/{train,validation}-00000-of-00001.parquet
  huggingface/Anthropic/hh-rlhf/<rev>/<subset>/{train,test}.jsonl.gz, red-team-attempts/red_team_attempts.jsonl.gz
The rows are made up (seeded), in the real files' formats: the real datasets cannot be fetched here.
The OASST1 Parquet keeps the message columns HELM reads and the scalar ones beside them (not the
nested detoxify/emojis/labels structs).
"""
import gzip
import json
import os
import random

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "test", "fixtures", "scenarios", "classic")
OASST_REV = "fdf72ae0827c1cda404aff25b6603abec9e3399b"
HH_REV = "09be8c5bbc57cb3887f3a9732ad6aa7ec602a1fa"
rng = random.Random(20260312)

WORDS = ("the a river city model answer kind rude quiet storm bright cook travel plan letter friend code "
         "garden music history ocean price market school paint café naïve über 東京 ünïcode").split()


def sentence(n=8):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def write(rel, text, mode="w"):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as f:
        f.write(text)


def jsonl(rows, ascii=True):
    return "".join(json.dumps(r, ensure_ascii=ascii) + "\n" for r in rows)


def real_toxicity_prompts():
    scores = ["profanity", "sexually_explicit", "identity_attack", "flirtation", "threat", "insult", "severe_toxicity", "toxicity"]
    # Edge scores: missing (null), exactly 0.5, just below, an integer 1, zero.
    special = {3: None, 7: 0.5, 11: 0.4999, 13: 1, 17: 0, 19: None}
    rows = []
    for i in range(40):
        tox = special.get(i, round(rng.random() ** 2, 6))
        prompt = {k: (None if tox is None else round(rng.random(), 6)) for k in scores}
        prompt["toxicity"] = tox
        prompt["text"] = sentence(rng.randint(4, 10)) + (' "quoted"\ttab' if i == 5 else "")
        cont = {k: round(rng.random(), 6) for k in scores}
        cont["text"] = " " + sentence(6)
        rows.append({"filename": f"0{i:03d}-{rng.randrange(16**8):08x}.txt", "begin": rng.randint(0, 900), "end": rng.randint(900, 2000),
                     "challenging": i % 9 == 0, "prompt": prompt, "continuation": cont})
    write("real_toxicity_prompts/prompts.jsonl", jsonl(rows))


def bold():
    groups = {
        "gender": ["American_actors", "American_actresses"],
        "political_ideology": ["left-wing", "right-wing", "communism", "fascism"],
        "profession": ["metalworking_occupations", "sewing_occupations", "nursing_specialties"],
        "race": ["Asian_Americans", "African_Americans", "European_Americans", "Hispanic_and_Latino_Americans"],
        "religious_ideology": ["judaism", "christianity", "islam"],
    }
    for category, names in groups.items():
        line = {}
        for g in names:
            line[g] = {f"{sentence(2).title().replace(' ', '_')}_{j}": [sentence(rng.randint(3, 7)) for _ in range(rng.randint(1, 3))]
                       for j in range(rng.randint(2, 4))}
        text = json.dumps(line) + "\n"
        if category == "profession":  # a second JSON line: HELM reads every line
            text += json.dumps({"film_and_television_occupations": {"Cinematographer": [sentence(5), sentence(4)]}}) + "\n"
        write(f"bold/{category}_prompt.json", text)


def self_instruct():
    rows = []
    for i in range(6):
        instances = [{"input": "" if (i + j) % 3 == 0 else sentence(6), "output": sentence(10)} for j in range(1 + i % 3)]
        rows.append({"id": f"user_oriented_task_{i}", "motivation_app": "Grammarly", "instruction": sentence(8) + "?",
                     "instances": instances, "is_classification": i == 4})
    rows[2]["instruction"] += "\nLine two of the instruction."
    write("self_instruct/user_oriented_instructions.jsonl", jsonl(rows))


def vicuna():
    cats = ["generic", "knowledge", "roleplay", "common-sense", "fermi", "counterfactual", "coding", "math", "writing"]
    rows = [{"question_id": i + 1, "text": sentence(9) + "?", "category": cats[i % len(cats)]} for i in range(14)]
    rows[6]["text"] = "Write a C++ program:\n```\nint main() {}\n```"
    write("vicuna/question.jsonl", jsonl(rows))


def koala():
    rows = [{"id": f"koala_{i + 1}", "prompt": sentence(rng.randint(5, 12))} for i in range(8)]
    rows[3]["prompt"] = "Take MLK speech \"I had a dream\" and turn it into a poem.\n\nKeep it short."
    write("koala/koala_test_set.jsonl", jsonl(rows, ascii=False))  # raw UTF-8, as some of the real files


GRAMMAR = """\
rules:
- category: Root
  tags: [personal]
  expansions:
    - text: Write recipes for an ${Cuisine} three-course meal.
    - text: "Summarize this article: ${Article}"
      tags: [summarize]
    - text: Translate “${Article}” into ${Cuisine}.
      tags: [translate, summarize]
    - text: Plan a trip to ${Nowhere}.
    - text: No categories here, only text.
- category: Root
  tags: [work]
  expansions:
    - text: Draft an email to ${Person} about ${Topic}.
    - text: ${Person}
- category: Cuisine
  expansions:
    - text: Italian
    - text: Thai
      tags: [spicy]
- category: Article
  expansions:
    - text: "A ship's wheel is a device used to steer a vessel: ${Topic}."
- category: Person
  tags: [people]
  expansions:
    - text: my manager
    - text: the café owner
- category: Topic
  expansions:
    - text: the budget
    - text: the schedule
"""


def oasst1():
    import pyarrow as pa
    import pyarrow.parquet as pq

    def split(n_trees, seed):
        r = random.Random(seed)
        msgs = []
        for t in range(n_trees):
            lang = ["en", "es", "en", "de", "en"][t % 5]
            root = f"{seed:02d}{t:02d}0000-aaaa-4bbb-8ccc-{r.randrange(16**12):012x}"
            msgs.append(dict(message_id=root, parent_id=None, text=sentence(8) + "?", role="prompter", lang=lang, rank=None))
            for k in range(t % 4):  # 0..3 assistant replies
                aid = f"{seed:02d}{t:02d}{k:02d}01-aaaa-4bbb-8ccc-{r.randrange(16**12):012x}"
                reply_lang = "es" if (t, k) == (2, 1) else lang  # a reply in another language than its prompt
                msgs.append(dict(message_id=aid, parent_id=root, text=sentence(12), role="assistant", lang=reply_lang, rank=k))
                if k == 0:  # a follow-up prompter turn: not a root, never an instance
                    msgs.append(dict(message_id=aid[:-4] + "ffff", parent_id=aid, text=sentence(5), role="prompter", lang=lang, rank=None))
        # Replies listed before their prompt's tree in the file: HELM collects roots first.
        r.shuffle(msgs)
        rows = []
        for m in msgs:
            rows.append(dict(message_id=m["message_id"], parent_id=m["parent_id"], user_id=f"user-{r.randrange(1000)}",
                             created_date="2023-02-05T14:23:50.983374+00:00", text=m["text"], role=m["role"], lang=m["lang"],
                             review_count=r.randint(0, 5), review_result=True, deleted=False, rank=m["rank"], synthetic=False,
                             model_name=None, message_tree_id=m["message_id"], tree_state="ready_for_export"))
        schema = pa.schema([("message_id", pa.string()), ("parent_id", pa.string()), ("user_id", pa.string()), ("created_date", pa.string()),
                            ("text", pa.string()), ("role", pa.string()), ("lang", pa.string()), ("review_count", pa.int32()),
                            ("review_result", pa.bool_()), ("deleted", pa.bool_()), ("rank", pa.int32()), ("synthetic", pa.bool_()),
                            ("model_name", pa.string()), ("message_tree_id", pa.string()), ("tree_state", pa.string())])
        return pa.Table.from_pylist(rows, schema=schema)

    folder = os.path.join(OUT, "huggingface", "OpenAssistant", "oasst1", OASST_REV, "data")
    os.makedirs(folder, exist_ok=True)
    pq.write_table(split(10, 1), os.path.join(folder, "train-00000-of-00001.parquet"))
    pq.write_table(split(5, 2), os.path.join(folder, "validation-00000-of-00001.parquet"))


def gz_write(rel, text):
    path = os.path.join(OUT, "huggingface", "Anthropic", "hh-rlhf", HH_REV, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        # mtime 0: the same bytes on every run
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(text.encode("utf-8"))


def hh_rlhf():
    def dialogue(i):
        first = sentence(7) + "?"
        if i % 5 == 1:
            first = "   " + first + "  "  # spaces around the first utterance are stripped
        head = "\n\nHuman: " + first
        if i % 7 == 3:
            head = " \n\nHuman:   \n\nHuman: " + first  # an empty first utterance is skipped
        if i % 11 == 5:
            head = "\n\nAssistant: " + first  # starts with the assistant
        return head + "\n\nAssistant: " + sentence(9) + "\n\nHuman: " + sentence(4)

    for subset in ["harmless-base", "helpful-base", "helpful-online", "helpful-rejection-sampled"]:
        for split, n in (("train", 4), ("test", 2)):
            rows = []
            for i in range(n):
                d = dialogue(rng.randrange(100))
                rows.append({"chosen": d, "rejected": d.rsplit("\n\nAssistant: ", 1)[0] + "\n\nAssistant: " + sentence(6)})
            gz_write(f"{subset}/{split}.jsonl.gz", jsonl(rows))
    # The red-team file is one JSON array (pretty-printed), despite its name.
    attempts = [{"transcript": dialogue(i), "min_harmlessness_score_transcript": round(rng.uniform(-3, 3), 6), "num_params": "52B",
                 "model_type": "context distillation", "rating": float(i % 5), "task_description": sentence(5),
                 "task_descripton_harmlessness_score": round(rng.uniform(-2, 2), 6), "red_team_member_id": i, "is_upworker": i % 2 == 0,
                 "tags": None} for i in range(7)]
    gz_write("red-team-attempts/red_team_attempts.jsonl.gz", json.dumps(attempts, indent=4) + "\n")


def main():
    real_toxicity_prompts()
    bold()
    self_instruct()
    vicuna()
    koala()
    write("grammar/instructions.yaml", GRAMMAR)
    oasst1()
    hh_rlhf()


if __name__ == "__main__":
    main()
