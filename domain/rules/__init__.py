"""Pure checks. Each returns the failures it finds (empty when the rule holds), each
failure naming its obligation ID and the field at fault, so a refusal can list them all.
"""
