from harcelement_tui.cli import main

raise SystemExit(main())
