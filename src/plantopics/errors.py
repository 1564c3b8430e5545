"""The errors a user's input can cause. Each message names the file (or the
config key) and the problem; jobs report them in one line (plantopics.joblog)."""


class IngestError(ValueError):
    """A document that cannot be read as Chinese text."""


class SegmentError(ValueError):
    """A structure that cannot be built (for example a bad pattern in the config)."""


class DictionaryError(ValueError):
    """A dictionary or stopword file that cannot be read."""


class DocumentError(ValueError):
    """The input folder or the per-document config is unusable."""


class ConfigError(ValueError):
    """A config that does not fit the schema (an unknown key, a wrong type, a value out of range)."""


INPUT_ERRORS: tuple[type[Exception], ...] = (IngestError, SegmentError, DictionaryError, DocumentError, ConfigError)
