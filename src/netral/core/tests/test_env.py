import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from netral.core import env

ROOT = Path(__file__).resolve().parents[4]


def test_env_bool_rejects_typos(monkeypatch):
    monkeypatch.setenv("X_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env.env_bool("X_FLAG")


def test_env_int_rejects_garbage(monkeypatch):
    monkeypatch.setenv("X_NUM", "12a")
    with pytest.raises(ImproperlyConfigured):
        env.env_int("X_NUM", 1)


def test_env_secret_generated_once_with_private_mode(tmp_path, monkeypatch):
    monkeypatch.delenv("X_SECRET", raising=False)
    target = tmp_path / "k"
    first = env.env_secret("X_SECRET", generate_at=target)
    assert first == env.env_secret("X_SECRET", generate_at=target)
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert len(first) >= 40


def test_env_secret_file_variant(tmp_path, monkeypatch):
    (tmp_path / "s").write_text("from-file\n")
    monkeypatch.delenv("X_SECRET", raising=False)
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "s"))
    assert env.env_secret("X_SECRET") == "from-file"


def test_every_setting_variable_is_documented():
    source = (ROOT / "src/netral/settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list|secret)\(\s*"([A-Z0-9_]+)"', source))
    docs = (ROOT / "docs/configuration.md").read_text()
    example = (ROOT / ".env.example").read_text()
    assert names, "no variables found"
    missing_docs = sorted(n for n in names if f"`{n}`" not in docs)
    missing_example = sorted(n for n in names if n not in example)
    assert missing_docs == [] and missing_example == []
