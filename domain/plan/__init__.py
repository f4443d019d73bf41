"""The Plan aggregate (``aggregate``) and its decisions, one module per part of a plan's
life: each holds its commands, its events and the functions that decide them. Which
function decides which command, and who may make it, is ``domain.decisions``."""
