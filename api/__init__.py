"""The HTTP service: FastAPI routers, request and response schemas, error mapping,
settings, logging and the ``careledger`` command."""
