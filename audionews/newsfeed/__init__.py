"""A news site's RSS or Atom feed -> episodes or an edition: read the feed (reader), publish what
is new or changed (ingester), and remember what was fetched (state)."""
