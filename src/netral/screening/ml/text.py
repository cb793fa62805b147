"""The one text pass every detector shares (issue 12: "all detectors share one text pass").

``normalize`` lower-cases, removes links, mentions and retweet markers, squeezes repeated
letters ("bangeeet" → "banget"), and maps slang and typos to standard Indonesian with the
dataset authors' dictionary (``new_kamusalay.csv``, Ibrohim & Budi 2019, CC BY-NC-SA 4.0),
which travels inside the trained artefact so nothing is read from the datasets at run time.
Emoji that carry meaning for the partisan rules (✌️, ☝️) become word tokens.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

URL_RE = re.compile(r"https?://\S+|www\.\S+|\burl\b")
MENTION_RE = re.compile(r"@\w+|\buser\b")
RT_RE = re.compile(r"^rt\b\s*:?")
ESCAPES_RE = re.compile(r"\\n|\\t|&amp;|&gt;|&lt;|\\x[0-9a-f]{2}")
REPEAT_RE = re.compile(r"([a-z])\1{2,}")
TOKEN_RE = re.compile(r"#?[a-z0-9]+(?:[-'][a-z0-9]+)*")
EMOJI = {
    "\u270c": " emojidua ",  # ✌ victory hand: two fingers
    "\u261d": " emojisatu ",  # ☝ index pointing up: one finger
    "\U0001f446": " emojisatu ",
    "\U0001f91f": " emojitiga ",
    "\U0001f44c": " emojitiga ",  # 👌 three fingers up
}
EMOJI_RE = re.compile("|".join(map(re.escape, EMOJI)))
# Escapes, links and mentions in one pass (they all become a space).
NOISE_RE = re.compile("|".join(p.pattern for p in (ESCAPES_RE, URL_RE, MENTION_RE)))


def load_slang(path: str) -> dict[str, str]:
    """Read ``new_kamusalay.csv`` (non-standard form, standard form; no header)."""
    out: dict[str, str] = {}
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            key, _, value = line.rstrip("\r\n").partition(",")
            key, value = key.strip(), value.strip()
            if key and value and " " not in key:
                out[key] = value
    return out


def normalize(text: str, slang: Mapping[str, str]) -> str:
    """Return the normalised, space-joined token string for ``text``."""
    t = text.lower()
    if not t.isascii():
        t = EMOJI_RE.sub(lambda m: EMOJI[m.group(0)], t)
    t = NOISE_RE.sub(" ", t)
    t = RT_RE.sub(" ", t)
    t = REPEAT_RE.sub(r"\1", t)
    get = slang.get
    return " ".join([get(w, w) for w in TOKEN_RE.findall(t)])
