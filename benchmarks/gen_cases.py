"""Realistic generated cases for benchmarks (store and UI).

About 30 timeline entries per case in French, a few steps done, evidence descriptions, ~6-7 KB
per case as stored, deterministic for a given seed. Uses the packaged content's step and contact
ids so the cases are valid for the console.

    python benchmarks/gen_cases.py 1000 -o /tmp/bench/cases.json   # writes a case file
    from gen_cases import generate_cases, write_store              # from another benchmark
"""

from __future__ import annotations

import argparse
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from harcelement_tui.core.content import load_content
from harcelement_tui.core.safe_files import atomic_write_bytes, make_private_dirs
from harcelement_tui.core.storage import FORMAT, FORMAT_VERSION
from harcelement_tui.core.vocab import FACT_IDS

TZ = timezone(timedelta(hours=1))
USERS = ["direction", "educ.martin", "cpms.dubois", "secretariat", "sous-direction"]
FIRST = ["Léa", "Noé", "Inès", "Théo", "Chloé", "Maël", "Zoé", "Rayan", "Anaïs", "Éloïse",
         "Jérémy", "Célia", "Yanis", "Manon", "Hugo", "Sarah", "Adam", "Lou", "Élias", "Nora"]
LAST = ["Dubois", "Lefèvre", "Martin", "Desmet", "Vandenberghe", "Peeters", "Leroy", "Dupont",
        "Lambert", "Janssens", "Moreau", "Claes", "Mertens", "Willems", "François"]
CLASSES = ["1A", "1B", "2A", "2C", "3B", "3D", "4A", "4G", "5B", "5TQ", "6A", "6P"]
PLATFORMS = ["Snapchat", "Instagram", "TikTok", "WhatsApp", "Discord", "Facebook", "X", "Telegram"]
NOTES = [
    "Entretien avec l'élève ce matin : elle se dit très affectée par les messages reçus depuis "
    "le week-end, n'ose plus venir en récréation et demande que ses parents soient prévenus.",
    "Appel de la mère, très inquiète ; elle a vu les captures sur le téléphone de sa fille et "
    "souhaite un rendez-vous rapidement. Rendez-vous fixé jeudi à 16 h avec la direction.",
    "Réunion avec le CPMS : accord pour un accompagnement individuel et une animation en classe "
    "sur le cyber-harcèlement la semaine prochaine ; la médiatrice passera mardi.",
    "Les témoins entendus séparément confirment l'existence d'un groupe où circulent des "
    "photomontages ; deux élèves de la classe en seraient à l'origine, à vérifier.",
    "Échange avec l'éducateur : l'élève a été vue seule à midi plusieurs jours de suite ; "
    "surveillance renforcée du réfectoire et de la cour demandée à l'équipe.",
    "Appel à la zone de police (section jeunesse) pour avis : dépôt de plainte conseillé aux "
    "parents, la police demande de conserver les profils, pseudonymes et dates.",
    "Signalement fait via le formulaire de la plateforme ; accusé de réception reçu, le contenu "
    "n'est pas encore retiré. Relance prévue dans 48 heures si rien ne bouge.",
    "Entretien avec les parents de l'élève mis en cause : ils contestent les faits mais "
    "acceptent une rencontre de médiation ; rappel du règlement d'ordre intérieur.",
    "Point de suivi à quinze jours : l'élève dit que les messages ont cessé, elle a repris ses "
    "activités, mais reste inquiète ; nouveau point dans un mois avec le CPMS.",
    "Contact avec Child Focus pour demander le retrait des images ; dossier ouvert de leur côté, "
    "ils reviennent vers la famille directement. Aucune copie conservée à l'école.",
]
SHORT_NOTES = [
    "Message laissé au CPMS, rappel attendu.",
    "Parents prévenus par téléphone.",
    "L'élève va mieux, pas de nouveau message.",
    "Rendez-vous reporté à lundi (absence de l'élève).",
    "Mail envoyé à la médiatrice scolaire avec le résumé des faits.",
    "Rencontre avec le titulaire de classe : rien de nouveau en classe.",
    "Convocation des élèves mis en cause envoyée aux familles.",
    "Animation en classe faite par le CPMS, bien reçue.",
    "Relance de la plateforme : contenu retiré.",
    "Surveillance des récréations maintenue une semaine de plus.",
]
KINDS = ["note", "note", "note", "appel", "contact"]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def make_case(rng: random.Random, year: int, number: int, step_ids: list[str],
              contact_ids: list[str]) -> dict[str, Any]:
    """One stored case dict, as ``Case.to_dict()`` would write it."""
    opened = datetime(year, 1, 1, 8, 0, tzinfo=TZ) + timedelta(minutes=rng.randrange(0, 60 * 24 * 330))
    by = rng.choice(USERS)
    moment = opened
    version = 1
    timeline: list[dict[str, Any]] = [{
        "at": _iso(opened), "by": by, "kind": "statut", "text": "Cas ouvert (statut : ouvert).",
        "version": 1, "changes": {"status": {"old": None, "new": "ouvert"}},
    }]
    steps: dict[str, Any] = {}
    for step_id in rng.sample(step_ids, k=min(len(step_ids), rng.randint(4, 10))):
        moment += timedelta(minutes=rng.randint(5, 600))
        version += 1
        who = rng.choice(USERS)
        steps[step_id] = {"done_at": _iso(moment), "done_by": who, "note": ""}
        timeline.append({"at": _iso(moment), "by": who, "kind": "etape", "text": f"Étape faite : {step_id}",
                         "step_id": step_id, "version": version})
    evidence = []
    for _ in range(rng.randint(1, 3)):
        moment += timedelta(minutes=rng.randint(5, 300))
        version += 1
        who = rng.choice(USERS)
        platform = rng.choice(PLATFORMS)
        description = (f"Capture d'écran d'un message {platform} insultant envoyé à l'élève, avec le "
                       f"pseudonyme de l'auteur et l'heure d'envoi")
        evidence.append({"at": _iso(moment), "by": who, "description": description,
                         "where_kept": "Chez les parents (téléphone de l'élève), non copiée par l'école",
                         "platform": platform, "seen_at": _iso(moment - timedelta(hours=5))})
        timeline.append({"at": _iso(moment), "by": who, "kind": "preuve",
                         "text": f"Preuve notée : {description}", "version": version})
    while len(timeline) < 30:
        moment += timedelta(minutes=rng.randint(10, 2000))
        version += 1
        kind = rng.choice(KINDS)
        text = rng.choice(NOTES) if rng.random() < 0.2 else rng.choice(SHORT_NOTES)
        entry = {"at": _iso(moment), "by": rng.choice(USERS), "kind": kind, "text": text,
                 "version": version}
        if kind in ("appel", "contact"):
            entry["contact_id"] = rng.choice(contact_ids)
        timeline.append(entry)
    status = rng.choice(["ouvert", "suivi", "suivi", "clos"])
    pupil = f"{rng.choice(FIRST)} {rng.choice(LAST)[0]}."
    return {
        "ref": f"{year}-{number:03d}",
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "opened_at": _iso(opened),
        "opened_by": by,
        "updated_at": _iso(moment),
        "updated_by": timeline[-1]["by"],
        "version": version,
        "status": status,
        "follow_up": (moment + timedelta(days=15)).date().isoformat() if status == "suivi" else None,
        "pupil": pupil,
        "class_group": rng.choice(CLASSES),
        "is_minor": rng.random() < 0.95,
        "reported_by": rng.choice(["l'élève elle-même", "un parent", "un enseignant", "un camarade"]),
        "summary": ("Messages insultants et photomontages diffusés dans un groupe de classe ; "
                    "l'élève ne veut plus venir à l'école."),
        "facts": sorted(rng.sample(FACT_IDS, k=rng.randint(1, 3)), key=FACT_IDS.index),
        "platforms": rng.sample(PLATFORMS, k=rng.randint(1, 3)),
        "steps": steps,
        "timeline": timeline,
        "evidence": evidence,
    }


def generate_cases(n: int, seed: int = 1) -> list[dict[str, Any]]:
    """``n`` case dicts, spread over 2025 and 2026, references unique per year."""
    content = load_content()
    step_ids = sorted(content.step_ids())
    contact_ids = [c.id for c in content.contacts]
    rng = random.Random(seed)
    counters = {2025: 0, 2026: 0}
    cases = []
    for _ in range(n):
        year = 2025 if rng.random() < 0.5 else 2026
        counters[year] += 1
        cases.append(make_case(rng, year, counters[year], step_ids, contact_ids))
    return cases


def store_data(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """The whole database dict of a case file holding ``cases``."""
    return {
        "_meta": {"1": {"format": FORMAT, "format_version": FORMAT_VERSION}},
        "cases": {str(i): case for i, case in enumerate(cases, 1)},
    }


def write_store(path: Path, cases: list[dict[str, Any]] | int, seed: int = 1) -> Path:
    """Write a case file (0600, directory 0700) holding ``cases`` (or that many generated ones)."""
    import orjson

    if isinstance(cases, int):
        cases = generate_cases(cases, seed)
    path = Path(path)
    make_private_dirs(path.parent)
    atomic_write_bytes(path, orjson.dumps(store_data(cases)), mode=0o600)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a case file of realistic generated cases.")
    parser.add_argument("count", type=int, help="number of cases")
    parser.add_argument("-o", "--output", type=Path, required=True, help="case file to write")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write_store(args.output, args.count, args.seed)
    size = args.output.stat().st_size
    print(f"{args.count} cases written to {args.output} ({size / 1e6:.1f} MB, "
          f"{size / max(args.count, 1) / 1000:.1f} KB per case)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
