"""The Plan aggregate (``aggregate``), what a decide function is given (``context``) and
starting a plan (``starting``). Every other decision lives with its feature
(``domain/<feature>/decisions.py``); which function decides which command, and who may
make it, is ``domain.decisions``."""
