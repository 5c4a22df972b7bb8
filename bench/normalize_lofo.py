"""Leave-one-folder-out accuracy of the normalizer over the labelled corpus.

    .venv/bin/python bench/normalize_lofo.py [FOLDER ...]

For each folder of ``tests/corpus`` (or the ones named), the line-role tagger is trained on
every other folder, the folder is normalized with that tagger, and its stories are scored as
``python -m wire.corpus`` scores them. The figure says how the whole pipeline does on a
folder whose outlets the tagger never saw; the rule steps, tuned on every folder, still know
them, so it reads higher than a blind holdout scored before tuning (the honest figure, in
``tests/corpus/README.md``). About a minute for the whole corpus.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wire.corpus import CONFIG_DIR, load_cases, make_copy, score  # noqa: E402
from wire.normalize import load_resources, normalize  # noqa: E402
from wire.normalize.roles import train  # noqa: E402


def main(argv: list[str]) -> int:
    corpus = ROOT / "tests" / "corpus"
    folders = sorted(p for p in corpus.iterdir() if p.is_dir())
    data = {folder: train.labelled(folder) for folder in folders}
    chosen = [f for f in folders if not argv or f.name in argv]
    stories = right = fields = fields_right = 0
    failed: Counter[str] = Counter()
    for held in chosen:
        with tempfile.TemporaryDirectory() as tmp:
            model = Path(tmp) / "model.crfsuite"
            train.train([s for f in folders if f != held for s in data[f]], model)
            resources = load_resources(CONFIG_DIR, tagger=model)
            cases = load_cases(held)
            ok = 0
            for case in cases:
                result = score(case, normalize(make_copy(case), resources))
                ok += all(result.values())
                fields += len(result)
                fields_right += sum(result.values())
                failed.update(k for k, v in result.items() if not v)
        print(f"{held.name:10s} {ok:3d}/{len(cases)} stories fully right", flush=True)
        stories += len(cases)
        right += ok
    print(f"all        {right}/{stories} stories ({100 * right / stories:.1f}%), "
          f"{fields_right}/{fields} fields ({100 * fields_right / fields:.2f}%)")
    print("failed fields:", ", ".join(f"{k} {n}" for k, n in failed.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
