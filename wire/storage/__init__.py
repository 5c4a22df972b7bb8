"""Storage: the store and every Redis key it owns, the embedded Valkey server and its
supervisor, change notification between workers, and the accounts of correspondents and
partners.
"""
