"""HTTP handlers of the application service: parse, call one action, answer."""
