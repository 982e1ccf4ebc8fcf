"""Script -> Rendered: voice profiles and the cast that assigns them to roles, the engines behind
one small interface (engines/), the synthesizer with its worker pool, sentence splitting, and the
segment cache."""
