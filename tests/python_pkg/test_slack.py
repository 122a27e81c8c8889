"""Block Kit builders, validate, fit: the C++ model from Python."""
import pytest

import alarmbridge
from alarmbridge import slack


def test_builders_make_valid_blocks():
    blocks = [
        slack.header("Disk full"),
        slack.section("*/var* at 97%", fields=["*Host*\nweb-1", slack.plain_text("plain")],
                      accessory=slack.button("Open", url="https://example.com/x", style="danger")),
        slack.divider(),
        slack.context(["from alarmbridge", {"type": "image", "image_url": "https://example.com/i.png", "alt_text": "i"}]),
        slack.actions([slack.button("Ack", action_id="ack", value="1")]),
        slack.markdown("**bold**"),
    ]
    assert [b["type"] for b in blocks] == ["header", "section", "divider", "context", "actions", "markdown"]
    assert blocks[0]["text"] == {"type": "plain_text", "text": "Disk full"}
    assert blocks[1]["accessory"]["url"] == "https://example.com/x"
    assert blocks[3]["elements"][1]["type"] == "image"
    assert slack.validate({"text": "t", "blocks": blocks}) == []


def test_validate_reports_limits():
    problems = slack.validate({"text": "t", "blocks": [slack.header("x" * 151)]})
    assert [p.path for p in problems] == ["/blocks/0/text/text"]
    assert problems[0].severity is slack.Severity.ERROR
    assert (problems[0].limit, problems[0].actual) == (150, 151)


def test_fit_makes_a_message_valid():
    message = {"text": "t", "blocks": [slack.section("y" * 3100)] + [slack.divider() for _ in range(60)]}
    assert slack.validate(message)
    result = slack.fit_with_changes(message)
    assert len(result["messages"]) == 2
    assert any("truncated" in c for c in result["changes"])
    for m in result["messages"]:
        assert [v for v in slack.validate(m) if v.severity is slack.Severity.ERROR] == []


def test_builder_parts_are_read_by_the_library():
    with pytest.raises(alarmbridge.AlarmBridgeError):
        slack.section("x", accessory={"type": "button"})  # a button needs its text


def test_truncate_never_cuts_a_link():
    out = slack.truncate("see <https://example.com/a-long-path|the runbook> now", 10)
    assert "<" not in out or ">" in out
    assert out.endswith("…")
