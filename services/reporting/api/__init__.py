"""HTTP handlers of the reporting service: parse, call one action, answer."""
