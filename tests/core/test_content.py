"""The packaged content carries the town's procedure faithfully, and bad content is refused clearly."""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

import pytest

from harcelement_tui.core.content import load_content
from harcelement_tui.core.errors import ContentError
from harcelement_tui.core.vocab import FACT_IDS

from support.paths import SEED, packaged

# The ten services exactly as the seed lists them (name, phone, e-mail). The seed's "Le Délic" is
# the AMO "Le Déclic", as its e-mail address shows.
SEED_CONTACTS = [
    ("cpms_libre_1", "CPMS Libre Mouscron 1", "056/39 16 20", "cpms.libre.mouscron@skynet.be"),
    ("cpms_libre_2", "CPMS Libre Mouscron 2", "056/39 16 01", "cpms.libre2.mouscron@gmail.com"),
    ("cpms_provincial", "CPMS Provincial (ICET)", "056/48 18 90", "cpms.mouscron@hainaut.be"),
    ("cpms_cf", "CPMS CF (Artem)", "056/33 32 27", "dircpmscf.tourmail@sec.cfwb.be"),
    ("cpms_specialise", "CPMS Spécialisé (Tremplin)", "056/34 70 06", "cpmsmouscron@skynet.be"),
    ("mediation_scolaire", "Service de Médiation Scolaire", "0474/81 08 91", "christophe.bourgois@cfwb.be"),
    ("la_passerelle", "La Passerelle", "056/34 60 83", "lapasserellemouscron@gmail.com"),
    ("le_declic", "Le Déclic (AMO)", "0470/62 24 38", "amo.ledeclic@skynet.be"),
    ("police_psychosocial", "Le pôle Psycho-social de la Police", "056/86 31 43", "inp.delbecque@gmail.com"),
    ("egalite_chances", "Le Pôle égalité des chances", "056/86 03 09", "egalite@mouscron.be"),
]

SECTION_TITLES = [
    "Rester très prudent",
    "Activer les relais",
    "Lors du contact avec les parents",
    "Responsabilité et Protection de l'école",
    "Actions visant à protéger la victime",
    "Collaboration avec les services de police",
    "Actions de prévention et de postvention",
]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_seven_sections_in_the_seed_order(town):
    titles = [section.title for section in town.sections]
    assert len(titles) == 7
    for title, expected in zip(titles, SECTION_TITLES):
        assert title.startswith(expected)
    assert all(section.steps for section in town.sections)


def test_ten_services_exactly_as_in_the_seed(town):
    for cid, name, phone, email in SEED_CONTACTS:
        contact = town.contact(cid)
        assert (contact.name, contact.phone, contact.email) == (name, phone, email)
        assert contact.description
    # The services the text names without a number are there, to be completed by the school.
    for cid in ("pouvoir_organisateur", "service_juridique"):
        assert town.contact(cid).to_complete


@pytest.mark.skipif(not SEED.exists(), reason="the seed is beside the repository only in the workplace")
def test_every_bullet_and_contact_of_the_seed_is_in_the_content(town):
    seed = SEED.read_text(encoding="utf-8")
    steps = [squash(step.text) for step in town.steps()]
    points = [squash(p.text + " " + " ".join(p.details)) for p in town.parent_points()]
    bullets = [squash(line[2:]) for line in seed.splitlines() if line.startswith("- ")]
    assert len(bullets) == 12
    for bullet in bullets:
        assert any(as_published(bullet) in step for step in steps), bullet
    # The parent guidance keeps every parent bullet's wording.
    parent_bullets = bullets[6:]
    for bullet in parent_bullets:
        head = bullet.split(" (Ne pas")[0]
        assert any(head in point for point in points), bullet
    rows = re.findall(r"<b>([^<]+)</b>.*?<b>([^<]+)</b>.*?mailto:([^\"]+)\"", seed)
    assert len(rows) == 10
    by_email = {c.email: c for c in town.contacts}
    for name, phone, email in rows:
        contact = by_email[email]
        assert contact.phone == phone
        assert contact.name == name or (name, contact.name) == ("Le Délic", "Le Déclic (AMO)")
    for sentence in (
        "Penser à informer le pouvoir organisateur des démarches entreprises et de l'évolution de la situation",
        "S'assurer que le jeune ait une personne de confiance au sein de l'équipe éducative",
        "Inspecteur Delbecque : 056 863 143",
    ):
        assert sentence in seed and any(as_published(sentence) in step for step in steps)


# The content follows the seed's wording, with capital accents and one phone format (as in the
# seed's table of services).
PUBLISHED = {"Eviter": "Éviter", "Etre": "Être", "0474 810 891": "0474/81 08 91", "056 863 143": "056/86 31 43"}


def as_published(text: str) -> str:
    for seed_form, published in PUBLISHED.items():
        text = text.replace(seed_form, published)
    return text


def test_capital_accents_and_one_phone_format(town):
    texts = [step.text for step in town.steps()] + [c.note or "" for c in town.contacts]
    texts += [c.description or "" for c in town.contacts] + [p.text for p in town.parent_points()]
    for text in texts:
        assert not re.search(r"(?<![\w'])E(?:viter|tre|cole|tape)\b", text), text
        # Belgian numbers as in the table of services: 056/39 16 20, 0474/81 08 91.
        for number in re.findall(r"\b0\d[\d /]{7,}\d\b", text):
            assert re.fullmatch(r"0\d{2,3}/\d{2} \d{2} \d{2}", number), number
    assert "te classe" not in town.contact("mediation_scolaire").description


def test_steps_link_to_the_services_they_name(town):
    assert {"cpms_libre_1", "mediation_scolaire"} <= set(town.step("relais.cpms_mediation").contacts)
    assert town.step("police.referent").contacts == ("police_psychosocial",)
    assert town.step("ecole.pouvoir_organisateur").contacts == ("pouvoir_organisateur",)


def test_ids_are_unique_and_facts_complete(town):
    ids = [s.id for s in town.sections] + [s.id for s in town.steps()]
    ids += [g.id for g in town.parent_groups] + [p.id for p in town.parent_points()]
    assert len(ids) == len(set(ids))
    assert [f.id for f in town.facts] == list(FACT_IDS)
    assert {f.id for f in town.facts if f.urgent} == {"menaces", "incitation_suicide"}


# -- a town's own folder, and its mistakes ---------------------------------------------------


@pytest.fixture
def town_dir(tmp_path) -> Path:
    folder = tmp_path / "contenu"
    folder.mkdir()
    return folder


def test_a_file_the_folder_lacks_falls_back_to_the_packaged_one(town_dir):
    (town_dir / "contacts.yaml").write_text(
        packaged("contacts.yaml").replace("056/39 16 20", "056/00 00 00"), encoding="utf-8"
    )
    content = load_content(town_dir)
    assert content.contact("cpms_libre_1").phone == "056/00 00 00"
    assert content.sources["contacts.yaml"] == str(town_dir / "contacts.yaml")
    assert "harcelement_tui" in content.sources["procedure.yaml"]
    assert len(content.sections) == 7


@pytest.mark.parametrize(
    ("name", "edit", "expected"),
    [
        ("procedure.yaml", lambda t: t.replace("sections:", "sections: [", 1), "YAML invalide (ligne"),
        ("contacts.yaml", lambda t: t.replace("    name: La Passerelle\n", ""),
         "entrée « la_passerelle » : le champ « name » manque"),
        ("procedure.yaml", lambda t: t.replace("id: prudence.soutien", "id: prudence.jugement"),
         "entrée « prudence.jugement » : identifiant en double"),
        ("procedure.yaml", lambda t: t.replace("- police_psychosocial", "- police_inconnue", 1),
         "entrée « parents.plainte » : renvoie au contact inconnu « police_inconnue »"),
        ("parents.yaml", lambda t: t.replace("groups:", "groupes:"), "le champ « groups » doit être une liste"),
        ("procedure.yaml", lambda t: t.replace("  - id: autre\n    label: Autre\n", ""),
         "catégories de faits manquantes : autre"),
        ("parents.yaml", lambda t: t.replace("steps: [parents.discretion]", "steps: [parents.inconnue]"),
         "entrée « appel.discretion » : renvoie à l'étape inconnue « parents.inconnue » (absente de "
         "procedure.yaml)"),
        ("procedure.yaml", lambda t: t.replace("tick_on_contact: true", "tick_on_contact: oui", 1),
         "entrée « relais.cpms_mediation » : le champ « tick_on_contact » doit valoir true ou false"),
        ("procedure.yaml",
         lambda t: t.replace("- id: prudence.jugement\n", "- id: prudence.jugement\n        tick_on_contact: true\n"),
         "entrée « prudence.jugement » : « tick_on_contact » demande une liste « contacts »"),
        ("procedure.yaml", lambda t: t.replace("only_if: minor", "only_if: adulte"),
         "entrée « prudence.parents_avertis » : « only_if » inconnu : « adulte » (valeur possible : minor)"),
        ("procedure.yaml", lambda t: t.replace("repeat: 14j", "repeat: 48h"),
         "entrée « ecole.pouvoir_organisateur » : délai « repeat » invalide : « 48h » (attendu : un nombre "
         "entier de jours de 1 à 999 suivi de j, par ex. 14j)"),
        ("procedure.yaml", lambda t: t.replace("po_update: true", "po_update: 1"),
         "entrée « ecole.pouvoir_organisateur » : le champ « po_update » doit valoir true ou false"),
    ],
    ids=["invalid-yaml", "missing-field", "duplicate-id", "unknown-contact", "missing-list", "missing-fact",
         "unknown-step", "tick-not-bool", "tick-without-contacts", "only-if", "repeat-hours", "po-not-bool"],
)
def test_invalid_content_names_the_file_and_the_entry(town_dir, name, edit, expected):
    path = town_dir / name
    path.write_text(edit(packaged(name)), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(town_dir)
    message = str(caught.value)
    assert message.startswith(f"Contenu invalide : {path}")
    assert expected in message


def test_missing_content_folder_is_refused(tmp_path):
    with pytest.raises(ContentError, match="Dossier de contenu introuvable"):
        load_content(tmp_path / "absent")


def test_the_packaged_folder_is_valid_when_copied(town_dir):
    for name in ("procedure.yaml", "parents.yaml", "contacts.yaml"):
        shutil.copy(resources.files("harcelement_tui") / "content" / name, town_dir / name)
    assert load_content(town_dir) == load_content(town_dir)
