"""harcelement-tui: a terminal case console for school principals facing severe cyber-harassment."""

__version__ = "0.1.0"
