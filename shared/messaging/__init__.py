"""The only package that imports aio-pika: topology, outbox relay, inbox, consumers, parking."""
