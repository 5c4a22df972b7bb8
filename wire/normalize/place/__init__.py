"""Where the story is from: the dateline in its real shapes and the region it nests in."""
