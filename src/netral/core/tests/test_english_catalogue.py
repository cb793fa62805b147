"""The English catalogue (locale/en) is complete, matches its compiled .mo, and keeps every
placeholder of the Indonesian msgid (CONTRIBUTING.md, Translations)."""

import re
import struct
from pathlib import Path

from django.test import Client
from django.utils import translation

from netral.settings import BASE_DIR

LC = Path(BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|\{\w*\}|<[^>]+>")


def _po_entries() -> list[str]:
    """The .po split into entries (blank-line separated), obsolete ones (#~) dropped."""
    text = (LC / "django.po").read_text(encoding="utf-8")
    return [e for e in text.split("\n\n") if "\nmsgid" in "\n" + e and "#~" not in e]


def test_no_fuzzy_or_empty_entries() -> None:
    entries = _po_entries()[1:]  # the first is the header
    fuzzy = [e for e in entries if "#, fuzzy" in e or re.search(r"^#,.*\bfuzzy\b", e, re.M)]
    empty = [
        e
        for e in entries
        if re.search(r'^msgstr(\[\d\])? ""$', e, re.M)
        and not re.search(r'^msgstr(\[\d\])? ""\n"', e, re.M)
    ]
    assert fuzzy == [], f"{len(fuzzy)} fuzzy entries, e.g. {fuzzy[:1]}"
    assert empty == [], f"{len(empty)} untranslated entries, e.g. {empty[:1]}"


def _mo_messages() -> dict[str, list[str]]:
    """The compiled .mo read as GNU gettext writes it: msgid (msgid_plural after a NUL)
    to its translations (plural forms split at NUL)."""
    data = (LC / "django.mo").read_bytes()
    magic, _revision, count, originals, translations = struct.unpack_from("<5I", data)
    assert magic == 0x950412DE
    messages: dict[str, list[str]] = {}
    for i in range(count):
        length, offset = struct.unpack_from("<2I", data, originals + 8 * i)
        msgid = data[offset : offset + length].decode()
        length, offset = struct.unpack_from("<2I", data, translations + 8 * i)
        messages[msgid] = data[offset : offset + length].decode().split("\x00")
    return messages


def test_compiled_catalogue_keeps_every_placeholder() -> None:
    messages = _mo_messages()
    wrong = []
    for msgid, forms in messages.items():
        if not msgid:
            continue  # header
        # plural forms are compared with msgid_plural; the singular may leave out its count
        source = msgid.split("\x00")[-1]
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(forms[-1])):
            wrong.append((msgid, forms))
    assert wrong == []
    # the .mo is compiled from the committed .po: same number of translated messages
    assert len(messages) == len(_po_entries())


def test_new_strings_are_english_under_en() -> None:
    with translation.override("en"):
        assert translation.gettext("Kode pemulihan") == "Recovery code"
        assert translation.ngettext("Sisa %(n)d hari", "Sisa %(n)d hari", 2) % {"n": 2} == (
            "2 days left"
        )
        assert translation.ngettext("Sisa %(n)d hari", "Sisa %(n)d hari", 1) % {"n": 1} == (
            "1 day left"
        )


def test_public_home_page_in_english(db: None) -> None:
    client = Client(headers={"accept-language": "en"})
    page = client.get("/").content.decode()
    assert "Watch over ASN neutrality together." in page
    assert "Awasi netralitas ASN bersama." not in page
