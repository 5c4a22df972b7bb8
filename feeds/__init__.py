"""Partner syndication: feed selection, rendering, caching and the feed API."""
