"""Characters: repairing the text as pasted (mojibake, invisible and forbidden characters, line
ends), HTML to lines, and the inline artifacts inside a paragraph.
"""
