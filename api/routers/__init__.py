"""Routers per resource; thin: parse, call the application, shape the answer."""
