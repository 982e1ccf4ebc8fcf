"""Source -> Article: read a file or URL within bounds, decode it, and find the article's
structure (headline, byline, dateline, captions, sections) in plain text, Markdown, HTML or JSON."""
