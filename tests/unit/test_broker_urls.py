"""AMQP_URL names one RabbitMQ node or several, as full URLs separated by commas."""

import pytest

from shared.messaging.broker import NodeListConnection, broker_urls, safe_url


def test_one_url_is_one_node() -> None:
    assert broker_urls("amqp://guest:guest@localhost/") == ["amqp://guest:guest@localhost/"]


def test_several_urls_are_nodes_in_their_order() -> None:
    value = " amqp://u:p@rabbit-1:5672/ ,amqp://u:p@rabbit-2:5673/vh,amqps://u:p@rabbit-3/,"
    assert broker_urls(value) == [
        "amqp://u:p@rabbit-1:5672/",
        "amqp://u:p@rabbit-2:5673/vh",
        "amqps://u:p@rabbit-3/",
    ]


@pytest.mark.parametrize("value", ["", " , ", "rabbit-1:5672", "http://rabbit-1/", "amqp://u:p@a/,rabbit-2"])
def test_what_is_not_a_list_of_amqp_urls_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="AMQP_URL"):
        broker_urls(value)


def test_a_refusal_does_not_show_the_password() -> None:
    with pytest.raises(ValueError) as refused:
        broker_urls("amqp://u:hemligt@a/,http://u:hemligt@b/")
    assert "hemligt" not in str(refused.value)


def test_passwords_are_masked_in_every_url() -> None:
    masked = safe_url("amqp://u:one@a/,amqp://u:two@b/,amqp://c/")
    assert masked == "amqp://u:***@a/,amqp://u:***@b/,amqp://c/"


async def test_each_attempt_goes_to_the_next_node_round_and_round() -> None:
    urls = ["amqp://u:p@a:1/", "amqp://u:p@b:2/", "amqp://u:p@c:3/"]
    connection = NodeListConnection(urls, first=1)
    tried = []
    for _ in range(4):
        # What aio-pika's reconnect loop does before every attempt.
        connection.transport = None
        tried.append(connection.url.host)
    assert tried == ["b", "c", "a", "b"]
    await connection.close()
    connection.transport = None  # a closed connection picks no node any more
    assert connection.url.host == "b"
