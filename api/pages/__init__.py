"""Pages for people (auditors, complaint handlers, managers), server-rendered from Jinja2
templates with plain CSS served from here: no build step, nothing fetched from elsewhere.
A page signs its reader in with a session cookie from the same identity as the API, asks
the purpose before any person's record opens, and logs every such read as the API does."""
