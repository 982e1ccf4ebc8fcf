"""The built-in voice profiles and pronunciation lexicon (TOML), shipped inside the package as
audionews.builtin_voices; a producer's own voices/ folder in the working directory comes first."""
