"""The HTTP side: the app factory and its lifespan, the ingest API, authentication, rate
limits, the access log, the API description, the pages for people and the bounded server
protocol.
"""
