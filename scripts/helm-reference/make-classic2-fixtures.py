"""Canonical-format fixtures for the RAFT, entity matching, entity data imputation, MS MARCO and ICE loaders.

Usage: <python with xlwt>/bin/python scripts/helm-reference/make-classic2-fixtures.py   (deterministic; xlwt writes ICE's .xls)

Writes under test/fixtures/scenarios/classic/ (the data-mirror layout each loader documents):
  huggingface/ought/raft/<rev>/data/<subset>/{train.csv,task.json}  RAFT's repository files (CSV as the
      loading script reads it: a header row, quoted or not, some fields after ", ")
  entity_matching/<dataset>/{tableA,tableB,train,valid,test}.csv     deepmatcher's exp_data CSVs
  entity_matching/entity_matching_scenario_fixed_random_state.json  NumPy MT19937 states by dataset
  entity_data_imputation/Buy/Buy.csv, entity_data_imputation/Restaurant/fz.arff
  msmarco/<key>.tsv                                                   HELM's download names
  ice/<subset directory>/..., ice/ice_scenario_pinned_file_order.json
The rows are made up (seeded), in the real files' formats: the real datasets cannot be fetched here.
"""
import csv
import json
import os
import random

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "test", "fixtures", "scenarios", "classic")
RAFT_REV = "9ee50172ea9afda2f1033c6f1b986e568b862fb3"
rng = random.Random(20240601)

WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau "
         "upsilon phi chi psi omega drug rash fever pain study patient trial effect dose result").split()


def sentence(n=8):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def raft():
    base = os.path.join(OUT, "huggingface", "ought", "raft", RAFT_REV, "data")
    # ade_corpus_v2: every field quoted (QUOTE_ALL), 50 rows, labels as class indices.
    labels = ["ADE-related", "not ADE-related"]
    rows = [["Sentence", "ID", "Label"]]
    for i in range(50):
        text = sentence(rng.randint(3, 12))
        if i % 7 == 0:
            text += ', with "quoted" words'
        if i % 11 == 0:
            text += "\nand a second line"
        rows.append([text, str(i), str(rng.randint(1, 2))])
    path = os.path.join(base, "ade_corpus_v2", "train.csv")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    write(os.path.join(base, "ade_corpus_v2", "task.json"),
          json.dumps({"name": "ade_corpus_v2", "data_columns": ["Sentence", "ID"], "label_columns": {"Label": labels}}))
    # tai_safety_research: several fields, minimal quoting, spaces after some commas, labels by name.
    labels = ["TAI safety research", "not TAI safety research"]
    header = ["Title", "Abstract Note", "Url", "Publication Year", "Item Type", "Author", "Publication Title", "ID", "Label"]
    lines = [",".join(header)]
    for i in range(23):
        fields = [sentence(4), sentence(10), f"https://example.org/{i}", str(2015 + i % 7), "journalArticle",
                  f"Author {i}, A.", sentence(3), str(i), rng.choice(labels)]
        quoted = [f'"{v}"' if ("," in v or i % 5 == 0) else v for v in fields]
        lines.append((", " if i % 3 == 0 else ",").join(quoted))
    write(os.path.join(base, "tai_safety_research", "train.csv"), "\n".join(lines) + "\n")
    write(os.path.join(base, "tai_safety_research", "task.json"),
          json.dumps({"name": "tai_safety_research", "data_columns": header[:-1], "label_columns": {"Label": labels}}))


def write_csv(path, rows, **kwargs):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator=kwargs.pop("lineterminator", "\n"), **kwargs).writerows(rows)


def mt_state(seed, draws):
    """A NumPy MT19937 state (numpy and CPython share the layout): words and position after some draws."""
    r = random.Random(seed)
    for _ in range(draws):
        r.getrandbits(32)
    words = r.getstate()[1]
    return ["MT19937", list(words[:624]), words[624], 0, 0.0]


def blocked_pairs(n_a, n_b, counts):
    """train/valid/test pairs: (number of pairs, number of matches) per split; ids drawn from both tables."""
    splits = {}
    for split, (n, positives) in counts.items():
        rows = [["ltable_id", "rtable_id", "label"]]
        for k in range(n):
            rows.append([rng.randrange(n_a), rng.randrange(n_b), 1 if k < positives else 0])
        body = rows[1:]
        rng.shuffle(body)
        splits[split] = [rows[0]] + body
    return splits


def entity_matching():
    base = os.path.join(OUT, "entity_matching")
    counts = {"train": (40, 9), "valid": (10, 3), "test": (14, 4)}
    # Beer (Structured): ABV as text ("5.20 %", "-" when unknown).
    for table, n in (("tableA", 30), ("tableB", 28)):
        rows = [["id", "Beer_Name", "Brew_Factory_Name", "Style", "ABV"]]
        for i in range(n):
            abv = "-" if i % 9 == 4 else f"{rng.uniform(3, 12):.2f} %"
            rows.append([i, sentence(2).title(), f"{sentence(1).title()} Brewing Company", rng.choice(["American IPA", "Stout", "Lager", "Saison"]), abv])
        write_csv(os.path.join(base, "Beer", f"{table}.csv"), rows)
    for split, rows in blocked_pairs(30, 28, counts).items():
        write_csv(os.path.join(base, "Beer", f"{split}.csv"), rows)
    # Abt_Buy (Textual): a float price with missing values, descriptions with commas, quotes, newlines.
    for table, n in (("tableA", 26), ("tableB", 24)):
        rows = [["id", "name", "description", "price"]]
        for i in range(n):
            description = "" if i % 8 == 3 else sentence(rng.randint(4, 14)) + (', "pro" edition' if i % 5 == 0 else "") + ("\r\nsecond line" if i % 7 == 6 else "")
            price = "" if i % 6 == 2 else (f"{rng.randint(5, 900)}" if i % 4 == 0 else f"{rng.uniform(5, 900):.2f}")
            rows.append([i, f"{sentence(3)} {rng.randint(100, 999)}x", description, price])
        write_csv(os.path.join(base, "Abt_Buy", f"{table}.csv"), rows, lineterminator="\r\n")
    for split, rows in blocked_pairs(26, 24, counts).items():
        write_csv(os.path.join(base, "Abt_Buy", f"{split}.csv"), rows)
    # Dirty_iTunes_Amazon (Dirty): values moved into the wrong columns, some cells empty.
    header = ["id", "Song_Name", "Artist_Name", "Album_Name", "Genre", "Price", "CopyRight", "Time", "Released"]
    for table, n in (("tableA", 22), ("tableB", 25)):
        rows = [header]
        for i in range(n):
            row = [i, sentence(3), sentence(2).title(), sentence(2), "Pop , Music", f"$ {rng.choice(['0.99', '1.29'])}",
                   f"2014 {sentence(2)} Records", f"{rng.randint(2, 6)}:{rng.randint(10, 59)}", f"{rng.randint(1, 28)}-Jan-14"]
            if i % 4 == 1:
                row[2], row[3] = "", row[3] + " " + row[2]
            rows.append(row)
        write_csv(os.path.join(base, "Dirty_iTunes_Amazon", f"{table}.csv"), rows)
    for split, rows in blocked_pairs(22, 25, counts).items():
        write_csv(os.path.join(base, "Dirty_iTunes_Amazon", f"{split}.csv"), rows)
    # Pinned NumPy states for Beer and Abt_Buy; Dirty_iTunes_Amazon is not listed (HELM seeds 0).
    states = {"Beer": mt_state(1, 100), "Abt_Buy": mt_state(2, 624), "Walmart_Amazon": mt_state(3, 5)}
    write(os.path.join(base, "entity_matching_scenario_fixed_random_state.json"), json.dumps(states))


def entity_data_imputation():
    base = os.path.join(OUT, "entity_data_imputation")
    rows = [["id", "name", "description", "manufacturer", "price"]]
    for i in range(47):
        description = "" if i % 10 == 7 else sentence(rng.randint(5, 15)) + (", with a comma" if i % 6 == 0 else "")
        manufacturer = "" if i % 13 == 5 else rng.choice(["Sony", "Canon", "Garmin", "Samsung", "LG"])
        price = "" if i % 9 == 2 else f"${rng.uniform(10, 500):.2f}"
        rows.append([10000 + i * 3, f"{manufacturer} {sentence(2)}".strip(), description, manufacturer, price])
    write_csv(os.path.join(base, "Buy", "Buy.csv"), rows)
    cities = ["los angeles", "new york", "san francisco", "atlanta", "las vegas"]
    lines = ["% Fodor's and Zagat's restaurants", "@relation restaurant", "", "@attribute name string", "@attribute addr string",
             "@attribute city string", "@attribute phone string", "@attribute type string", "@attribute class string", "", "@data"]
    for i in range(41):
        fields = [f"{sentence(2)}'s", f"{rng.randint(10, 9999)} {sentence(1)} st.", rng.choice(cities),
                  f"{rng.randint(200, 999)}/{rng.randint(200, 999)}-{rng.randint(1000, 9999)}", rng.choice(["american", "italian", "french"]), f"'{i}'"]
        quoted = [f'"{v}"' for v in fields[:5]] + [fields[5]]
        if i % 9 == 4:
            quoted[4] = ""  # a missing value: NaN, the row is dropped
        line = (", " if i % 4 == 0 else ",").join(quoted)
        lines.append(("  " + line + " ") if i % 5 == 0 else line)
        if i % 10 == 3:
            lines.append("   ")
    write(os.path.join(base, "Restaurant", "fz.arff"), "\n".join(lines) + "\n")


def msmarco():
    base = os.path.join(OUT, "msmarco")
    passages = []
    for pid in range(0, 600, 3):
        text = sentence(rng.randint(6, 20))
        if pid % 51 == 0:
            text = f'"{sentence(2)}" {text}'  # csv reads a leading quote as quoting
        passages.append([pid, text])
    passages.append([passages[5][0], "a repeated passage id: the last text wins"])
    write(os.path.join(base, "documents.tsv"), "".join(f"{pid}\t{text}\n" for pid, text in passages))
    pids = [p[0] for p in passages[:-1]]

    def split_files(prefix, n_queries, n_topk, rel_values, sep, missing_every):
        queries, qrels, topk = [], [], []
        for q in range(n_queries):
            qid = 1000 * (len(prefix) + 1) + q * 7
            queries.append([qid, sentence(rng.randint(3, 8)) + "?"])
            ranked = rng.sample(pids, n_topk + 5)
            count = n_topk - 3 if q % missing_every == missing_every - 1 else n_topk + rng.randint(0, 4)
            for rank, pid in enumerate(ranked[:count], start=1):
                topk.append([qid, pid, rank])
            judged = rng.sample(ranked[:6], 2) + [rng.choice(ranked[count:])]
            for pid in judged:
                qrels.append([qid, 0, pid, rng.choice(rel_values)])
            if q % 5 == 2:
                qrels = [r for r in qrels if not (r[0] == qid and r[3] in (1, 2, 3))] + [[qid, 0, judged[0], 0]]
        rng.shuffle(topk)
        write_csv(os.path.join(base, f"{prefix}_queries.tsv"), queries, delimiter="\t")
        write_csv(os.path.join(base, f"{prefix}_qrels.tsv"), qrels, delimiter=sep)
        write_csv(os.path.join(base, f"{prefix}_topk.tsv"), topk, delimiter="\t")

    split_files("train", 14, 20, [1], "\t", 6)
    split_files("regular", 9, 30, [1], "\t", 4)
    split_files("trec", 7, 30, [0, 1, 2, 3], " ", 3)


ICE_MARKUP = [
    "<$A> <#> {s} <,> {s}", "<#> {s} <&> laughter </&> {s}", "<I> <ICE-IND:S1A-001#{n}:1:A> {s} </I>", "<O> a comment </O> {s}",
    "caf&eacute; &ersand; &obrack;{s}&cbrack; 5&percent; &hash;1 &dash &ldquo;{s} &atsign;home",
    "<mention>{s}</mention> <quote>{s}</quote> <foreign>{s}</foreign>", "BBBpage 12RRR {s}", "III{s} UUU {s}",
    "W2B-0{n}3 {s} <l> {s}", "<[> {s} </[> <{{1}}> {s} </{{1}}>", "<del> struck </del> <w> word </w> <fnr> 3 </fnr> {s}",
    "<bold>{s}</bold> <it>{s}</it> <p> {s} </p> <h> {s} </h>", "<marginalia> side note </marginalia> {s} <.> cut </.>",
    "x><+_replaced> {s} <sp> {s} </sp> <=> {s} <?> {s} <@> {s} <X> {s} </X>", "</**> {s} </**/> {s} <-> {s} </->",
]


def ice_text(n_lines, crlf=False):
    lines = []
    for i in range(n_lines):
        lines.append(rng.choice(ICE_MARKUP).format(s=sentence(rng.randint(2, 7)), n=rng.randint(1, 9)))
        if i % 4 == 3:
            lines.append("")
            lines.append("  ")
    text = "\n".join(lines) + "\n\n"
    return text.replace("\n", "\r\n") if crlf else text


def write_bytes(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def ice():
    base = os.path.join(OUT, "ice")
    pinned = {}
    # India and USA: .hdr headers with <gender> tags; India pinned, USA in sorted order.
    for folder, names in (("ICE India", ["S1A-001", "S1A-002", "S2A-010", "W1A-003", "W2B-004", "W2B-005"]),
                          ("ICE-USA", ["W1A-001", "W1B-002", "W2A-003", "W2C-004"])):
        for k, name in enumerate(names):
            text = ice_text(rng.randint(3, 9), crlf=k % 3 == 1)
            data = text.encode("latin-1", "replace") if k == 2 else text.encode("utf-8")
            if k == 2:
                data = data.replace(b"a", b"\xe4", 1)  # not UTF-8: HELM falls back to Latin-1
            write_bytes(os.path.join(base, folder, "Corpus", f"{name}.txt"), data)
            genders = [["M"], ["F"], ["M", "F"], ["male"], ["Female", "f"], []][k % 6]
            header = "<text>\n" + "".join(f"<speaker><gender>{g}</gender></speaker>\n" for g in genders) + "</text>\n"
            write(os.path.join(base, folder, "Headers", f"{name}.hdr"), header)
        if folder == "ICE India":
            order = [f"{n}.txt" for n in names]
            rng.shuffle(order)
            pinned[f"restricted/ice/{folder}/Corpus"] = order
    # Hong Kong and Canada: metadata spreadsheets (gender in column 16; 12, and 12 and 19).
    import xlwt

    def sheet_rows(book, title, rows):
        sheet = book.add_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)

    hk_names = ["S1A-001", "S1B-002", "W1A-003", "W2A-004", "W2B-005"]
    for k, name in enumerate(hk_names):
        write(os.path.join(base, "ICE-HK", "CORPUS", f"{name}.txt"), ice_text(rng.randint(3, 7)))
    book = xlwt.Workbook()
    header = [f"col{c}" for c in range(20)]
    rows1 = [header] + [[name] + [None] * 15 + [g] for name, g in zip(hk_names[:3], ["M", "F", "Male"])]
    rows2 = [header, [None] * 17] + [[name] + [1] * 15 + [g] for name, g in zip(hk_names[3:], ["female", "M"])]
    sheet_rows(book, "Spoken", rows1)
    sheet_rows(book, "Written", rows2)
    os.makedirs(os.path.join(base, "ICE-HK", "Headers"), exist_ok=True)
    book.save(os.path.join(base, "ICE-HK", "Headers", "HKRecords.xls"))
    can_names = ["S1A-001", "S2A-002", "W1A-003", "W2A-004", "W2F-005"]
    for name in can_names:
        write(os.path.join(base, "ICE-CAN", "Corpus", f"{name}.txt"), ice_text(rng.randint(3, 7)))
    spoken = xlwt.Workbook()
    sheet_rows(spoken, "Sheet1", [header] + [[n] + [None] * 11 + [g] for n, g in zip(can_names[:2], ["M", "f"])])
    sheet_rows(spoken, "Ignored", [header] + [[n] + [None] * 11 + ["M"] for n in can_names])  # HELM reads the first sheet only
    written = xlwt.Workbook()
    sheet_rows(written, "Sheet1", [header] + [[n] + [None] * 11 + [g1] + [None] * 6 + [g2] for n, g1, g2 in
                                             zip(can_names[2:], ["M", "F", None], [None, "female", "male"])])
    os.makedirs(os.path.join(base, "ICE-CAN", "Headers"), exist_ok=True)
    spoken.save(os.path.join(base, "ICE-CAN", "Headers", "Spoken ICE-CAN metadata.xls"))
    written.save(os.path.join(base, "ICE-CAN", "Headers", "Written ICE-CAN metadata.xls"))
    # East Africa: several texts per file, each after a "<code>K/T" line; categories by file name.
    ea = os.path.join(base, "ICE-EA", "corpus", "retagged for wsmith", "all east africa")
    ea_files = ["BRDISC-K.txt", "CONV1-T.txt", "ESSAYS-K.txt", "PPSOC-T.txt"]
    for name in ea_files:
        parts = []
        for j in range(rng.randint(2, 3)):
            parts.append(f"{rng.choice('SW')}{rng.randint(1, 2)}{rng.choice('ABC')}{rng.randint(100, 999)}{rng.choice(['', 'X'])}{name[-5]}\n" + ice_text(rng.randint(2, 4)))
        write(os.path.join(ea, name), "".join(parts))
    pinned["restricted/ice/ICE-EA/corpus/retagged for wsmith/all east africa"] = sorted(ea_files, reverse=True)
    write(os.path.join(base, "ice_scenario_pinned_file_order.json"), json.dumps(pinned))


if __name__ == "__main__":
    raft()
    entity_matching()
    entity_data_imputation()
    msmarco()
    ice()
    print("wrote the fixtures")
