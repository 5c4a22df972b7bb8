"""Operations: structured logs and the metrics the service exports.
"""
