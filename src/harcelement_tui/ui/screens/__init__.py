"""Screens and modals pushed over the main tabs."""
