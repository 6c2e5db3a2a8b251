"""Two workshops registering at the same time against the running service (gunicorn, two
workers): exact counts, the waitlist where it should be, and no cross-talk. On the embedded
default (SQLite) and on PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.client import NianlunClient

pytestmark = pytest.mark.e2e

CAPACITY, APPLICANTS = 15, 20


@pytest.mark.parametrize("stack_name", ["stack", "pg_stack"])
def test_two_workshops_registering_concurrently(request, stack_name):
    stack = request.getfixturevalue(stack_name)
    client = NianlunClient(stack.base_url, stack.account_token)
    workshops = {label: client.create_workshop(capacity=CAPACITY) for label in ("安顺", "遵义")}
    jobs = [(label, i) for i in range(APPLICANTS) for label in workshops]

    def register(job):
        label, i = job
        return label, NianlunClient(stack.base_url, stack.account_token).register(
            workshops[label], name_zh=f"{label}第{i}号机构"
        )

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(register, jobs))

    for label, workshop in workshops.items():
        mine = [organisation for owner, organisation in results if owner == label]
        assert sorted(o["status"] for o in mine).count("registered") == CAPACITY
        roster = client.get(
            f"/registration/workshops/{workshop['id']}/organisations", token=workshop["facilitator_token"]
        ).json()
        assert roster["counts"] == {"registered": CAPACITY, "waitlisted": APPLICANTS - CAPACITY, "withdrawn": 0}
        assert all(o["name_zh"].startswith(label) for o in roster["organisations"])
        assert len({o["id"] for o in roster["organisations"]}) == APPLICANTS
