"""eventmill: who did what to whom, when and where, coded in CAMEO/PLOVER from news text."""
__version__ = "0.1.0"
