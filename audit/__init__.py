"""What auditors and complaint handlers read: decision histories rendered from the
events themselves."""
