"""plancheck: check government annual reports against the work plans they answer to."""

__version__ = "0.1.0"
