"""Who the copy credits: bylines, footer and glued credits, and which names are organisations
(agencies, outlets, offices).
"""
