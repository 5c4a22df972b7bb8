"""The newsroom: ingest of copy, the story lifecycle (post, correct, withhold, release, kill),
the desk operations the CLI runs, duplicate detection, the embargo scheduler and background
tasks.
"""
