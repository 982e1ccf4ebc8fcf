"""audionews: narrated, navigable audio editions of news articles, published as a podcast."""

from .version import __version__
