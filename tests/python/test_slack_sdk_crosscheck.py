"""Cross-check with Slack's official Python SDK: every Slack message this repository holds as test
data or golden output (tests/data/slack/*.json, tests/data/**/*.expected.json) is accepted by the
slack_sdk models, block by block, without SlackObjectFormationError.

Run by .ci/test:  build/py-venv/bin/python -m pytest tests/python
"""
import json
import pathlib

import pytest
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.attachments import BlockAttachment
from slack_sdk.models.blocks import Block, HeaderBlock

DATA = pathlib.Path(__file__).resolve().parent.parent / "data"


def messages():
    files = sorted(DATA.glob("slack/*.json")) + sorted(DATA.glob("**/*.expected.json"))
    for path in files:
        payload = json.loads(path.read_text(encoding="utf-8"))
        for index, message in enumerate(payload if isinstance(payload, list) else [payload]):
            if isinstance(message, dict) and set(message) == {"error"}:
                continue  # a record that could not be formatted: not a message
            yield pytest.param(message, id=f"{path.relative_to(DATA)}[{index}]")


def check_blocks(blocks):
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, f"slack_sdk does not know block {block.get('type')!r}"
        parsed.validate_json()  # raises SlackObjectFormationError
        parsed.to_dict()


@pytest.mark.parametrize("message", list(messages()))
def test_slack_sdk_accepts_the_message(message):
    check_blocks(message.get("blocks", []))
    for attachment in message.get("attachments", []):
        if "blocks" in attachment:
            check_blocks(attachment["blocks"])
            BlockAttachment(blocks=attachment["blocks"], color=attachment.get("color"),
                            fallback=attachment.get("fallback")).to_dict()


def test_the_crosscheck_can_fail():
    """The check is real: a header of 151 characters (our validator's limit too) is refused."""
    with pytest.raises(SlackObjectFormationError):
        HeaderBlock(text="x" * 151).to_dict()


def test_there_is_something_to_check():
    assert len(list(messages())) >= 1
