"""Reusable widgets and helpers for the screens (Textual only; no SQL, no pandas)."""
