"""People who log in through one application (the portal) act each as themselves: a work item one officer
holds is not the other's to complete, each has an inbox of their own, and one's idempotency key is not the
other's."""

import uuid

from shared.auth.principal import Role
from tests.support.people import person_token, staff_token
from tests.support.polling import eventually
from tests.support.system import System


async def test_an_item_one_officer_holds_is_not_anothers_who_logged_in_through_the_same_application(
    system: System,
) -> None:
    provider = await system.register_provider("Två handläggare AB")
    application = await system.submitted_application(provider)
    (item,) = await eventually(lambda: system.work_items(f"applications/{application['id']}"))
    eva, first = await staff_token(system, areas=("hemtjanst",), name="Eva Handläggare")
    _, second = await staff_token(system, areas=("hemtjanst",), name="Olle Handläggare")
    url = f"/work-items/{item['id']}"
    claimed = await system.client.post(f"{url}/claim", headers=first)
    assert claimed.status == 200, await claimed.text()
    assert (await claimed.json())["claimed_by"] == eva.id
    taken = await system.client.post(f"{url}/claim", headers=second)
    assert taken.status == 409
    not_theirs = await system.client.post(f"{url}/completion", json={"note": "Klart."}, headers=second)
    assert not_theirs.status == 409
    done = await system.client.post(f"{url}/completion", json={"note": "Klart."}, headers=first)
    assert done.status == 200, await done.text()


async def test_each_officer_has_an_inbox_and_preferences_of_their_own(system: System) -> None:
    _, first = await staff_token(system, areas=("hemtjanst",), name="Eva Inkorg")
    _, second = await staff_token(system, areas=("hemtjanst",), name="Olle Inkorg")
    changed = await system.client.patch("/preferences", json={"language": "en"}, headers=first)
    assert changed.status == 200, await changed.text()
    assert (await (await system.client.get("/preferences", headers=first)).json())["language"] == "en"
    assert (await (await system.client.get("/preferences", headers=second)).json())["language"] == "sv"


async def test_one_persons_idempotency_key_is_not_anothers(system: System) -> None:
    provider = await system.register_provider("Nycklar AB")
    _, first = await person_token(system, provider.provider_id, Role.REPORTER, name="Första")
    _, second = await person_token(system, provider.provider_id, Role.REPORTER, name="Andra")
    key = {"Idempotency-Key": str(uuid.uuid4())}
    started = await system.client.post(
        "/applications", json={"area_code": "hemtjanst"}, headers={**first, **key}
    )
    assert started.status == 201, await started.text()
    # The same key from another person is that person's own request: the same organisation already has
    # an open application in the area, so it is refused, not answered with the first person's.
    again = await system.client.post(
        "/applications", json={"area_code": "hemtjanst"}, headers={**second, **key}
    )
    assert again.status == 409, await again.text()
    assert "Idempotent-Replayed" not in again.headers
