"""The scaled profile (`make test-scaled`, issue 20): Parvis on the engines of a large install, started on this
machine. Skipped unless PARVIS_SCALED=1; README.md in this folder says what runs."""
