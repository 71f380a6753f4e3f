"""The demo's words and numbers, read from the TOML files in ``demo/data/``."""

import functools
import tomllib
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@functools.cache
def load(name: str) -> dict:
    """``demo/data/<name>.toml`` as a dict (tables in the file's order), read once."""
    with (DATA / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


class DataMissing(Exception):
    """What the demo builds on is not in the database (reference data, the register)."""
