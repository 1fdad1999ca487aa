"""A generated assignment of a given size, like BASELINES.md's inputs: 26 headings,
3 tables, about 95 citations per 6,000 words, 20 references and 8 footnotes."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from docbuilder import build_docx, filler

AUTHORS = [
    "Whitmore",
    "Starr",
    "Downey",
    "Clutterbuck",
    "Kolb",
    "Schön",
    "Hawkins",
    "Passmore",
    "Garvey",
    "Megginson",
    "Cox",
    "Grant",
    "Bachkirova",
    "Rogers",
    "Gallwey",
    "Egan",
    "Proctor",
    "Kirkpatrick",
    "Leedham",
    "Borton",
]
ACS = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2"]


def assignment_spec(words: int = 6000) -> str:
    scale = max(1, words // 6000)
    lines = [
        "Unit 8589-700 Coaching and Mentoring at the Executive or Senior Level",
        "# Introduction",
    ]
    per_para = 60
    paras = words // per_para
    headings = 26
    for i in range(paras):
        if i % max(1, paras // headings) == 0:
            n = i // max(1, paras // headings)
            if n < len(ACS) * scale and n % 2 == 0:
                lines.append(f"## {ACS[(n // 2) % len(ACS)]} Section {n}")
            else:
                lines.append(f"### Part {n}")
        author = AUTHORS[i % len(AUTHORS)]
        note = f"[^{author}, 2017, p. 4]" if i % max(1, paras // 8) == 1 else ""
        lines.append(
            f"{filler(per_para - 8, i * 11)} This view is shared by "
            f"{author} (2017) and others (Cox, 2013).{note}"
        )
        if i % max(1, paras // 3) == 5:
            lines.append("| Method | Strength | Limitation |")
            lines.append("| Workshops | Scale | Transfer |")
    lines.append("# References")
    lines.extend(f"{a}, A. (2017) A book about coaching. London: Sage." for a in AUTHORS)
    return "\n".join(lines)


def build(words: int = 6000) -> bytes:
    return build_docx(assignment_spec(words))


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "assignment.docx")
    out.write_bytes(build(int(sys.argv[2]) if len(sys.argv) > 2 else 6000))
    print(out)
