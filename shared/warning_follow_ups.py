"""A warning opens one follow-up request in the reporting service. Its id is derived from the warning's, so
that both services name the same request without asking each other, and a redelivered warning opens none
twice."""

import uuid

# A fixed namespace: the ids of follow-ups opened by warnings, forever.
_NAMESPACE = uuid.UUID("6f0b1c52-8a3e-4d7e-b1f4-2c9a5e7d3b10")


def follow_up_request_id(warning_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"warning/{warning_id}"))
