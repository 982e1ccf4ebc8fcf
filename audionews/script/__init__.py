"""Article -> Script: the narration script of an article (builder), and an edition that joins
several articles into one episode (edition)."""
