"""Built-in voice profiles; installed as the data package audionews.builtin_voices."""
