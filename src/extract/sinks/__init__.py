"""Where records go: ``jsonl`` (a file or stdout, crash-safe and resumable) and ``sql``
(SQLAlchemy tables, created and upgraded by Alembic migrations). Each sink says which
documents it already holds, so ``giamsat extract --resume`` writes only what is missing."""

# The database --db means when given no URL; kept here so commands need not import SQLAlchemy to show it.
DEFAULT_URL = "sqlite:///giamsat.db"


def redact(url: str) -> str:
    """A database URL as it may be shown: its password (if any) as ``***``."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return url
    if not password:
        return url
    userinfo, _, host = parts.netloc.rpartition("@")
    return url.replace(parts.netloc, f"{userinfo.split(':', 1)[0]}:***@{host}", 1)


def scrub(text: str, url: str) -> str:
    """``text`` (an error message) with the URL's password taken out, wherever it shows."""
    from urllib.parse import unquote, urlsplit

    text = text.replace(url, redact(url))
    try:
        password = urlsplit(url).password
    except ValueError:
        return text
    for form in {password, unquote(password)} if password else ():
        text = text.replace(f":{form}@", ":***@")
        if len(form) >= 4:  # a longer password is no common word: taken out wherever it stands
            text = text.replace(form, "***")
    return text


class StoreError(RuntimeError):
    """A record a database did not take (or a database that cannot be used): the driver's own words,
    first line only, without the URL's password."""

    @classmethod
    def of(cls, exc: BaseException, url: str) -> "StoreError":
        cause = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's exception
        lines = str(cause).strip().splitlines() or [""]
        return cls(scrub(f"{type(cause).__name__}: {lines[0]}", url))
