"""Data protection in the console: Ctrl+L hides everything (even the header) and any key brings the
work back as it was; the idle hide; accesses logged from the console and shown in the case view;
the encrypted export from the export choice."""

from __future__ import annotations

import html
from datetime import date, datetime

import orjson
import pytest

from harcelement_tui.core.access_log import log_path
from harcelement_tui.core.config import Config
from harcelement_tui.core.encryption import decrypt
from harcelement_tui.core.store import CaseStore
from harcelement_tui.ui.screens.case_view import CaseViewScreen
from harcelement_tui.ui.screens.hidden import HiddenScreen
from harcelement_tui.ui.screens.modals import NoteModal
from harcelement_tui.ui.screens.share_choice import ShareChoiceModal
from harcelement_tui.ui.screens.passphrase import PassphraseModal

from support.app import SIZE, settle
from support.clock import TZ, FrozenClock
from test_report_ui import open_case_view

TODAY = date(2026, 3, 10)
SECRETS = ("Dupont", "2026-001", "Menaces", "Cyber", "harcèlement")


@pytest.fixture
def secrets_store(tmp_path, town):
    clock = FrozenClock(datetime(2026, 3, 10, 9, 30, tzinfo=TZ))
    path = tmp_path / "donnees" / "cases.json"
    with CaseStore(path, user="direction", clock=clock, content=town) as setup:
        setup.create_case(pupil="Léa Dupont", class_group="3B", facts=["menaces"], summary="Menaces reçues")
    with CaseStore(path, user="direction", clock=clock, content=town) as opened:
        yield opened


def screen_text(app) -> str:
    return html.unescape(app.export_screenshot(title="capture")).replace("\xa0", " ")


def assert_nothing_shown(app) -> None:
    text = screen_text(app)
    assert "Écran masqué" in text
    for secret in SECRETS:
        assert secret not in text, secret


async def test_ctrl_l_hides_everything_and_any_key_restores_typed_text(make_app, secrets_store):
    app = make_app(store=secrets_store, today=TODAY, config=Config(hide_after_minutes=0))
    async with app.run_test(size=SIZE) as pilot:
        await open_case_view(pilot, app)
        assert "Dupont" in screen_text(app)
        await pilot.press("a")
        await settle(pilot, app, NoteModal)
        await pilot.press(*"Appel de la maman")
        app.notify("Cas 2026-001 : une notification qui nomme le cas")
        await pilot.press("ctrl+l")  # even while typing in a field
        await settle(pilot, app, HiddenScreen)
        assert_nothing_shown(app)
        assert not app._notifications  # a toast may quote a case: cleared
        assert "Cas 2026-001 · Léa Dupont" in app.sub_title  # the header is simply not drawn
        app.notify("Dupont : arrivée pendant que l'écran est masqué")
        await pilot.pause()
        assert_nothing_shown(app)
        await pilot.press("x")  # any key: brings the work back, and does nothing else
        await settle(pilot, app, NoteModal)
        field = app.screen.query_one("TextInput")
        assert field.value == "Appel de la maman"
        assert app.focused is field
        await pilot.press(*" inquiète")
        assert field.value == "Appel de la maman inquiète"
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert shown == ["Dupont : arrivée pendant que l'écran est masqué"]  # held, then shown


async def test_the_hide_key_works_from_the_tabs_and_the_case_view(make_app, secrets_store):
    app = make_app(store=secrets_store, today=TODAY, config=Config(hide_after_minutes=0))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("4")
        await pilot.pause()
        assert "Dupont" in screen_text(app)
        await pilot.press("ctrl+l")
        await settle(pilot, app, HiddenScreen)
        assert_nothing_shown(app)
        await pilot.press("enter")  # does not open the case under the cover
        await pilot.pause()
        assert not isinstance(app.screen, (HiddenScreen, CaseViewScreen))
        assert "Dupont" in screen_text(app)


async def test_idle_hide_after_the_configured_time(make_app, secrets_store):
    # 0.02 minutes = 1.2 s: the config key is in minutes (default 5, 0 turns it off).
    app = make_app(store=secrets_store, today=TODAY, config=Config(hide_after_minutes=0.02))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("4")
        await pilot.pause()
        app.action_show_tab("cas")
        await pilot.press("enter")
        await settle(pilot, app, CaseViewScreen)
        await settle(pilot, app, HiddenScreen, seconds=10)
        assert_nothing_shown(app)
        assert any(isinstance(s, CaseViewScreen) for s in app.screen_stack)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, CaseViewScreen)
        assert "Dupont" in screen_text(app)


async def test_no_idle_hide_when_turned_off(make_app, secrets_store):
    app = make_app(store=secrets_store, today=TODAY, config=Config(hide_after_minutes=0))
    async with app.run_test(size=SIZE) as pilot:
        await open_case_view(pilot, app)
        assert app.protection.idle_seconds is None  # the idle timer is never started
        assert not any(isinstance(s, HiddenScreen) for s in app.screen_stack)


async def test_opening_a_case_is_logged_and_the_case_view_shows_the_last_accesses(make_app, secrets_store):
    app = make_app(store=secrets_store, today=TODAY, config=Config(hide_after_minutes=0))
    async with app.run_test(size=SIZE) as pilot:
        await open_case_view(pilot, app)
        await app.workers.wait_for_complete()
        await pilot.pause()
        (entry,) = [orjson.loads(line) for line in log_path(secrets_store.path).read_bytes().splitlines()]
        assert (entry["user"], entry["ref"], entry["action"], entry["via"]) == ("direction", "2026-001",
                                                                              "consulte", "console")
        assert entry["at"] == "2026-03-10T09:30:00+01:00"
        readers = str(app.screen.query_one("#case-readers").render())
        assert "Derniers accès : direction consulté 10/03/2026 09:30" in readers


async def test_export_choice_offers_encryption_with_a_passphrase_typed_twice(make_app, secrets_store):
    app = make_app(store=secrets_store, today=TODAY, config=Config(hide_after_minutes=0))
    phrase = "cheval correct agrafe"
    async with app.run_test(size=SIZE) as pilot:
        await open_case_view(pilot, app)
        await pilot.press("x")
        await settle(pilot, app, ShareChoiceModal)
        await pilot.press("k")
        await settle(pilot, app, PassphraseModal)
        await pilot.press(*phrase, "enter")
        await pilot.pause()
        assert app.screen.focused.id == "passphrase-2"  # Entrée goes on to the second field
        await pilot.press(*"autre chose longue", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PassphraseModal)
        assert "diffèrent" in screen_text(app)
        assert phrase not in screen_text(app)  # password fields
        await pilot.press(*phrase, "enter")
        await settle(pilot, app, CaseViewScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        path = secrets_store.path.parent / "exports" / "cas-2026-001.json.age"
        raw = path.read_bytes()
        assert b"Dupont" not in raw
        assert orjson.loads(decrypt(raw, source="x", passphrase=phrase))["case"]["pupil"] == "Léa Dupont"
        actions = [orjson.loads(line)["action"] for line in log_path(secrets_store.path).read_bytes().splitlines()]
        assert actions == ["consulte", "exporte-chiffre"]
        assert "Derniers accès : direction exporté (chiffré)" in str(app.screen.query_one("#case-readers").render())


async def test_the_report_choice_has_no_encryption(make_app, secrets_store):
    app = make_app(store=secrets_store, today=TODAY, config=Config(hide_after_minutes=0))
    async with app.run_test(size=SIZE) as pilot:
        await open_case_view(pilot, app)
        await pilot.press("r")
        await settle(pilot, app, ShareChoiceModal)
        assert "Chiffré" not in screen_text(app)
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, ShareChoiceModal)


@pytest.mark.parametrize(("text", "minutes"), [("hide_after_minutes: 0", 0), ("hide_after_minutes: 2", 2),
                                               ("access_log_days: 730", None)])
def test_config_keys(tmp_path, text, minutes):
    from harcelement_tui.core.config import load_config

    path = tmp_path / "c.yaml"
    path.write_text(text + "\n")
    config = load_config(path, system_file=tmp_path / "none", user_file=tmp_path / "none2")
    if minutes is not None:
        assert config.hide_after_minutes == minutes
    else:
        assert config.access_log_days == 730 and config.hide_after_minutes == 5


@pytest.mark.parametrize("text", ["hide_after_minutes: -1", "access_log_days: 0", "hide_after_minutes: oui",
                                  "access_log_days: 10000000000", "hide_after_minutes: 100000"])
def test_config_keys_refused(tmp_path, text):
    from harcelement_tui.core.config import load_config
    from harcelement_tui.core.errors import ConfigError

    path = tmp_path / "c.yaml"
    path.write_text(text + "\n")
    with pytest.raises(ConfigError, match=text.split(":")[0]):
        load_config(path, system_file=tmp_path / "none", user_file=tmp_path / "none2")


def test_the_register_entry_is_linked_from_the_readme_and_the_help():
    from harcelement_tui.ui.screens.help import PROTECTION_NOTE
    from support.paths import DOCS, README

    entry = (DOCS / "protection-des-donnees.md").read_text(encoding="utf-8")
    for section in ("Finalité", "Base légale", "Personnes concernées", "Catégories de données",
                    "Qui voit quoi", "Durées de conservation", "Journal des accès", "Exports chiffrés",
                    "jamais enregistrer", "demande d'accès", "pas un verrou"):
        assert section.lower() in entry.lower(), section
    assert "(docs/protection-des-donnees.md)" in README.read_text(encoding="utf-8")
    assert "docs/protection-des-donnees.md" in PROTECTION_NOTE


async def test_a_report_from_the_console_is_logged_and_a_refused_open_is_not(make_app, town, tmp_path):
    clock = FrozenClock(datetime(2026, 3, 10, 9, 30, tzinfo=TZ))
    path = tmp_path / "donnees" / "cases.json"
    with CaseStore(path, user="direction", clock=clock, content=town) as setup:
        setup.create_case(pupil="Léa Dupont", facts=["insultes"])
        setup.create_case(pupil="Noé V.", facts=["insultes"])
        setup.set_status("2026-002", "clos")
    with CaseStore(path, user="direction", clock=FrozenClock(datetime(2028, 1, 1, tzinfo=TZ)),
                   content=town) as purger:
        purger.purge(["2026-002"], 365)
    with CaseStore(path, user="direction", clock=clock, content=town) as store:
        app = make_app(store=store, today=TODAY, config=Config(hide_after_minutes=0))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            app.cases.request("open", "2026-002")  # purged: refused, with its notice
            await pilot.pause()
            assert not isinstance(app.screen, CaseViewScreen)
            await open_case_view(pilot, app)
            await pilot.press("r")
            await settle(pilot, app, ShareChoiceModal)
            await pilot.press("enter")
            await settle(pilot, app, CaseViewScreen)
            await app.workers.wait_for_complete()
            await pilot.pause()
    logged = [orjson.loads(line) for line in log_path(path).read_bytes().splitlines()]
    assert [(e["ref"], e["action"], e["user"]) for e in logged] == [
        ("2026-001", "consulte", "direction"), ("2026-001", "rapport", "direction")]
    assert logged[1]["detail"].endswith("rapport-2026-001.pdf")


def test_hidden_screen_snapshot(snap_compare, make_app, secrets_store):
    async def before(pilot):
        await open_case_view(pilot, pilot.app)
        await pilot.app.workers.wait_for_complete()

    assert snap_compare(make_app(store=secrets_store, today=TODAY, config=Config(hide_after_minutes=0)),
                        press=["ctrl+l"], terminal_size=SIZE, run_before=before)


def test_passphrase_modal_snapshot(snap_compare, make_app, secrets_store):
    async def before(pilot):
        await open_case_view(pilot, pilot.app)
        await pilot.press("x")
        await settle(pilot, pilot.app, ShareChoiceModal)

    assert snap_compare(make_app(store=secrets_store, today=TODAY, config=Config(hide_after_minutes=0)),
                        press=["k", *"secret", "enter"], terminal_size=SIZE, run_before=before)
