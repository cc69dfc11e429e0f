"""How a handler says that trying again cannot help."""


class PermanentError(Exception):
    """The message can never be handled as it is: park it at once instead of retrying."""
