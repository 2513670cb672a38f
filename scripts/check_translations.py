"""`make test` runs this first: every interface string has a Persian translation, none is fuzzy,
and the committed .po files list exactly the strings the source holds now.

The source is scanned into a temporary copy (makemessages writes where it finds .po files), so
the check never changes the checkout.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
# The same options as `make messages`: no line numbers, so that the file changes only with the strings.
MAKEMESSAGES_OPTIONS = ["--no-obsolete", "--no-location", "-e", "html,txt,py"]
SOURCES = [
    "campaign",
    "people",
    "outbox",
    "events",
    "recommendations",
    "petitions",
    "registrations",
    "motions",
    "backing",
    "outreach",
    "personal_data",
    "dashboard",
    "press",
    "api",
    "lobbying",
    "templates",
]
# Languages other than the default; each has locale/<code>/LC_MESSAGES/django.po.
LANGUAGES = [path.name for path in (ROOT / "locale").iterdir() if path.is_dir()] if (ROOT / "locale").exists() else []


def scanned_catalogue(language):
    """The .po that makemessages would write now, from a copy of the source and the committed file."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder)
        for name in SOURCES:
            shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
        shutil.copytree(ROOT / "locale", copy / "locale")
        subprocess.run(
            [sys.executable, "-m", "django", "makemessages", *MAKEMESSAGES_OPTIONS, "-l", language],
            cwd=copy,
            check=True,
            capture_output=True,
            env={"DJANGO_SETTINGS_MODULE": "", "PATH": "/usr/bin:/bin"},
        )
        return polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))


def main():
    problems = []
    for language in LANGUAGES:
        path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        # msgfmt refuses a translation whose placeholders differ from the original's (a %(name)s lost or
        # renamed would crash the page that shows it): say so here, before compilemessages fails.
        checked = subprocess.run(
            ["msgfmt", "--check-format", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        problems.extend(f"{language}: {line}" for line in checked.stderr.splitlines() if "fatal" not in line)
        committed = polib.pofile(str(path))
        scanned = scanned_catalogue(language)
        committed_ids = {(entry.msgctxt, entry.msgid) for entry in committed if not entry.obsolete}
        scanned_ids = {(entry.msgctxt, entry.msgid) for entry in scanned if not entry.obsolete}
        for _context, msgid in sorted(scanned_ids - committed_ids, key=str):
            problems.append(f"{language}: not in the .po yet (run `make messages`): {msgid!r}")
        for entry in committed:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{language}: fuzzy: {entry.msgid!r}")
            elif not entry.translated():
                problems.append(f"{language}: untranslated: {entry.msgid!r}")
    if problems:
        print("Translations are incomplete:", *problems, sep="\n  ", file=sys.stderr)
        sys.exit(1)
    print(f"Translations complete: {', '.join(LANGUAGES) or 'no other language'}.")


if __name__ == "__main__":
    main()
