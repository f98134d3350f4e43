"""Cases built in memory (no store) for the form tests and their snapshots."""

from __future__ import annotations

from harcelement_tui.core.model import Case

# A case being edited: every field filled, markup in the pupil's name (it must show as typed).
EDITED = Case(ref="2026-007", uuid="u-7", opened_at="2026-03-01T10:00:00+01:00", opened_by="direction",
              updated_at="2026-03-01T10:00:00+01:00", updated_by="direction", version=2,
              follow_up="2026-03-20", pupil="[bold]Léa[/", class_group="4C", is_minor=True,
              reported_by="sa mère", summary="Photos\nsur Snapchat", facts=("insultes", "menaces"),
              platforms=("Snapchat", "TikTok"))
