"""Lines of the copy the rule steps read: paragraphs, junk lines, the slugline, the headline
and its flags, editor's notes.
"""
