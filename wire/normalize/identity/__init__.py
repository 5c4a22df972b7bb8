"""What the story is: its language and its content fingerprint and near-duplicate signature."""
