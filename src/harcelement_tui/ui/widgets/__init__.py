"""Widgets shared by the panes and screens: key bar, input fields, the case list."""
