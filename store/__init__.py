"""How the service keeps the domain's application on its store: a faster JSON parser and
the library's paths without their per-object runtime checks. What the domain decides is
the same with or without them."""
