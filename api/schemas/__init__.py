"""Request and response bodies. Requests check types and sizes; the domain's rules check
content, so a refusal names the obligation it enforces."""
