"""Rendered -> one episode's files: the mastered MP3 (mastering), its ID3 tags and chapters (tags,
chapters), and its transcripts (transcript)."""
