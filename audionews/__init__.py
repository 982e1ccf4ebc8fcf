"""audionews: narrated, navigable audio editions of news articles, published as a podcast."""

__version__ = "0.1.0"
