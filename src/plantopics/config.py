"""The configuration: one schema is the home of every key, its default and its description.

``config.schema.yaml`` (beside this module) is the only place a default is
written. The workflow validates ``config/config.yaml`` against it with
Snakemake's ``validate()`` (``workflow/rules/common.smk``), which fills the
defaults; outside Snakemake (tests, notebooks, your own scripts) :func:`load`
and :func:`validate` do the same with jsonschema. Settings objects in the
package (``TokenizerSettings.from_config`` …) are built from such a filled
config and carry no defaults of their own.

>>> from plantopics import config
>>> cfg = config.load()                          # config/config.yaml under the working directory, defaults filled
>>> config.defaults()["lda"]["k_grid"]           # every default
[8, 10, 12, 15, 20]
>>> config.load(overrides={"lda": {"k": 10}})    # a changed setting, validated like the file

The document sheet of a series has its schema beside it too
(``documents.schema.yaml``, :func:`sheet_schema`).

``python -m plantopics.config`` prints the key tables of ``config/README.md``
(a test checks that the README's copy is current).

Adding a setting: add it to the schema with ``default`` and ``description``
(a test fails otherwise), read it in the settings object of the stage that
uses it, regenerate the README tables.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from plantopics.errors import ConfigError

SCHEMA_PATH = Path(__file__).with_name("config.schema.yaml")
SHEET_SCHEMA_PATH = Path(__file__).with_name("documents.schema.yaml")  # one row of the document sheet
CONFIG_PATH = Path("config") / "config.yaml"


@lru_cache(maxsize=2)
def _schema_text(path: Path = SCHEMA_PATH) -> str:
    return path.read_text(encoding="utf-8")


def schema() -> dict:
    """The config schema (a fresh copy: callers may change it)."""
    import yaml

    return yaml.safe_load(_schema_text())


def sheet_schema() -> dict:
    """The document sheet's schema (a fresh copy): one row of the sheet ``series.sheet``
    names, validated by :func:`plantopics.series.sheet.read_sheet` (docs/series.md)."""
    import yaml

    return yaml.safe_load(_schema_text(SHEET_SCHEMA_PATH))


def _filling_validator():
    """A jsonschema validator that fills each missing key with its schema default
    before validating it, as Snakemake's ``validate(config, schema)`` does."""
    from jsonschema import validators

    base = validators.validator_for(schema())
    check_properties = base.VALIDATORS["properties"]

    def fill_then_check(validator, properties, instance, subschema):
        if validator.is_type(instance, "object"):
            for name, spec in properties.items():
                if "default" in spec and name not in instance:
                    instance[name] = copy.deepcopy(spec["default"])
        yield from check_properties(validator, properties, instance, subschema)

    return validators.extend(base, {"properties": fill_then_check})


def validate(config: dict, source: str = "config") -> dict:
    """Fill ``config``'s missing keys with the schema's defaults (in place) and
    check it; returns it. An unknown key, a wrong type or a value out of range
    raises :class:`~plantopics.errors.ConfigError` naming ``source`` and the key."""
    validator = _filling_validator()(schema())
    errors = sorted(validator.iter_errors(config), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = ".".join(str(p) for p in first.absolute_path) or "(top level)"
        raise ConfigError(f"{source}: {where}: {first.message}")
    return config


def defaults() -> dict:
    """Every setting at its default (the config of an empty file)."""
    return validate({}, "defaults")


def _merge(base: dict, overrides: dict) -> dict:
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = copy.deepcopy(value)
    return base


def load(path: str | Path | None = None, overrides: dict | None = None) -> dict:
    """The config in ``path`` (default ``config/config.yaml`` under the working
    directory) with ``overrides`` merged in and the defaults filled, validated
    as the workflow validates it."""
    import yaml

    path = Path(path) if path is not None else CONFIG_PATH
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"{path}: cannot read the config: {err}") from err
    if not isinstance(config, dict):
        raise ConfigError(f"{path}: a config is a mapping of keys to values")
    return validate(_merge(config, overrides or {}), str(path))


# --------------------------------------------------------------------------- the README's key tables


def _default_text(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[" + ", ".join(_default_text(v) for v in value) + "]"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _rows(node: dict, prefix: str = "") -> list[tuple[str, str, str]]:
    rows = []
    for key, spec in node.get("properties", {}).items():
        name = f"{prefix}{key}"
        if spec.get("type") == "object" and "properties" in spec:
            rows += _rows(spec, f"{name}.")
        else:
            description = " ".join(spec["description"].split())
            rows.append((name, _default_text(spec["default"]), description))
    return rows


def key_tables() -> str:
    """Markdown tables of every key (default and meaning), one per section, from the schema."""
    spec = schema()
    sections: list[tuple[str, list[tuple[str, str, str]]]] = [
        ("(top level)", [(k, _default_text(v["default"]), " ".join(v["description"].split()))
                         for k, v in spec["properties"].items() if "properties" not in v]),
        ("documents.<id>", _rows(spec["properties"]["documents"]["additionalProperties"])),
    ]
    sections += [(key, _rows(value)) for key, value in spec["properties"].items() if "properties" in value]
    out = []
    for title, rows in sections:
        out += [f"### `{title}`", "", "| key | default | meaning |", "|---|---|---|"]
        out += [f"| `{name}` | `{default}` | {text.replace('|', '&#124;')} |" for name, default, text in rows]
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    print(key_tables(), end="")
