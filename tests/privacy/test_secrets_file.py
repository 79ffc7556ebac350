"""var/secrets.json: created 0600, and refused on load when others may read or write it."""

from __future__ import annotations

import json

import pytest

from clinic.settings import SECRET_NAMES, InsecureSecretsFile, load_secrets


@pytest.fixture
def no_secret_env(monkeypatch):
    for name in SECRET_NAMES.values():
        monkeypatch.delenv(name, raising=False)


def test_generated_file_is_private_and_loads_again(tmp_path, no_secret_env):
    first = load_secrets(tmp_path)
    assert (tmp_path / "secrets.json").stat().st_mode & 0o777 == 0o600
    assert load_secrets(tmp_path) == first


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o606, 0o660])
def test_a_file_others_can_read_or_write_is_refused(tmp_path, no_secret_env, mode):
    load_secrets(tmp_path)
    path = tmp_path / "secrets.json"
    path.chmod(mode)
    with pytest.raises(InsecureSecretsFile, match="chmod 600"):
        load_secrets(tmp_path)
    # Nothing was rewritten or leaked into a new file meanwhile.
    assert json.loads(path.read_text())
