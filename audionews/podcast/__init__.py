"""The output folder and the podcast feed: the folder and its lock (output), the episode catalog
(catalog), feed.xml (feed, with the Podcasting 2.0 namespace in namespace), the show's settings
and cover (show, artwork), and a local server (serve)."""
