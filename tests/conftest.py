"""Shared fixtures: a CLI runner, a fresh CLI app per test, and paths to the shipped samples."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from offplatform.cli import create_app


@pytest.fixture
def runner() -> CliRunner:
    # A wide, colourless terminal so Rich neither wraps table cells nor emits escape codes.
    return CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})


@pytest.fixture
def app() -> typer.Typer:
    return create_app()


@pytest.fixture
def sample_messages() -> Path:
    return Path(str(resources.files("offplatform") / "data" / "sample_messages.jsonl"))


@pytest.fixture
def sample_conversations() -> Path:
    return Path(str(resources.files("offplatform") / "data" / "sample_conversations.jsonl"))
