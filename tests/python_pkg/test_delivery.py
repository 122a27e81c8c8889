"""WebhookClient and BotClient against the Slack-like server (tests/support/slack_server.py)."""
import json
import threading

import pytest

import alarmbridge
from alarmbridge.slack import BotClient, WebhookClient, header

SECRET = "T0SECRET1/B0SECRET2/Xx9SuperSecretPathValue"


def test_send_delivers_and_returns_slacks_answer(slack_server):
    client = WebhookClient(slack_server.url(f"{SECRET}/ok"), timeout=10)
    response = client.send(text="disk full", blocks=[header("Disk full")])
    assert response.delivered and response.status_code == 200 and response.attempts == 1
    assert response.body == "ok" and response.slack_error is None and response.error is None
    assert response.headers["Content-Type"].startswith("text/plain")
    [got] = slack_server.requests(f"{SECRET}/ok")
    assert json.loads(got["body"]) == {"text": "disk full", "blocks": [header("Disk full")]}


def test_send_dict_takes_the_body_whole(slack_server):
    client = WebhookClient(slack_server.url("p1/ok"))
    assert client.send_dict({"text": "hello", "unfurl_links": False}).delivered
    [got] = slack_server.requests("p1/ok")
    assert json.loads(got["body"]) == {"text": "hello", "unfurl_links": False}


def test_refusal_keeps_slacks_reason(slack_server):
    response = WebhookClient(slack_server.url("p2/channel_not_found")).send(text="x")
    assert not response.delivered
    assert (response.status_code, response.slack_error, response.attempts) == (404, "channel_not_found", 1)
    with pytest.raises(alarmbridge.DeliveryError) as e:
        response.raise_for_error()
    assert e.value.code == "slack_rejected" and e.value.response is response


def test_raise_on_error(slack_server):
    client = WebhookClient(slack_server.url("p3/channel_is_archived"), raise_on_error=True)
    with pytest.raises(alarmbridge.DeliveryError) as e:
        client.send(text="x")
    assert e.value.response.slack_error == "channel_is_archived"


def test_retries_a_503(slack_server):
    response = WebhookClient(slack_server.url("p4/503-then-ok")).send(text="x")
    assert response.delivered and response.attempts == 2
    assert len(slack_server.requests("p4/503-then-ok")) == 2


def test_post_many(slack_server):
    client = WebhookClient(slack_server.url("p5/ok"))
    responses = client.post_many([{"text": f"m{i}"} for i in range(5)])
    assert [r.delivered for r in responses] == [True] * 5
    assert sorted(json.loads(r["body"])["text"] for r in slack_server.requests("p5/ok")) == [f"m{i}" for i in range(5)]


def test_no_secret_in_responses_errors_or_reprs(slack_server):
    """The server repeats the request path (the webhook's secret) in its body: none of it reaches Python."""
    url = slack_server.url(f"{SECRET}/echo-secret")
    client = WebhookClient(url)
    response = client.send(text="x")
    assert not response.delivered
    seen = [repr(client), repr(response), str(response.body), str(response.slack_error), json.dumps(response.headers),
            str(response.error), repr(response.error)]
    for secret_part in ("Xx9SuperSecretPathValue", "T0SECRET1", "B0SECRET2"):
        assert all(secret_part not in s for s in seen), secret_part


def test_plain_http_is_refused_except_to_loopback():
    response = WebhookClient("http://example.com/hook").send(text="x")
    assert not response.delivered and response.attempts == 0
    assert response.error.code == "invalid_url"
    assert "example.com/hook" not in str(response.error)


def test_the_gil_is_released_while_posting(slack_server):
    """While a send waits for a slow answer (slow-ok-3), this thread runs Python: it sees the
    server holding the request while the sending thread is still inside send()."""
    client = WebhookClient(slack_server.url("p6/slow-ok-3"), timeout=20)
    results = []
    sender = threading.Thread(target=lambda: results.append(client.send(text="x")))
    sender.start()
    try:
        seen_while_sending = False
        for _ in range(200):  # bounded: at most ~10 s
            if slack_server.requests("p6/slow-ok-3"):
                seen_while_sending = sender.is_alive()
                break
            threading.Event().wait(0.05)
    finally:
        sender.join(30)
    assert seen_while_sending
    assert results and results[0].delivered


def test_bot_client_posts_with_its_token(slack_server):
    bot = BotClient("xoxb-ok-1", api_base=slack_server.url("api/"), default_channel="C123")
    response = bot.chat_post_message(text="hello")
    assert response.delivered and response.ts
    [got] = slack_server.requests("api/chat.postMessage")
    assert json.loads(got["body"])["channel"] == "C123"
    refused = BotClient("xoxb-channel_not_found-1", api_base=slack_server.url("api/")).chat_post_message(
        channel="C1", text="x")
    assert refused.slack_error == "channel_not_found"
    assert "xoxb-channel_not_found-1" not in repr(refused) + str(refused.error)
