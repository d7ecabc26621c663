"""Issue 14 items 2 and 11: password checks must not stall the server, failed sign-ins are
rate-limited per account and per client address with a lockout, and X-Forwarded-For names
the client only when a proxy is configured.

Timing: each test compares a request's latency during an attack with the same request's own
latency just before it (same machine, same load), with a 0.5 s margin, and also asserts what
the attacker sees (429 once locked out)."""

from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.security.conftest import PASSWORD, Served, xff


def _timed_get(client: httpx.Client, path: str) -> tuple[int, float]:
    t0 = time.perf_counter()
    r = client.get(path)
    return r.status_code, time.perf_counter() - t0


def _during(attack, probe, n_attack: int) -> tuple[list[int], list[tuple[int, float]]]:
    """Run `attack(i)` for i < n_attack on 60 threads while `probe()` runs in a loop; the
    attack's statuses and the probes' (status, seconds)."""
    probes: list[tuple[int, float]] = []
    done = threading.Event()

    def probing() -> None:
        while not done.is_set() or len(probes) < 3:
            probes.append(probe())

    watcher = threading.Thread(target=probing)
    with ThreadPoolExecutor(60) as pool:
        futures = [pool.submit(attack, i) for i in range(n_attack)]
        watcher.start()
        statuses = [f.result() for f in futures]
    done.set()
    watcher.join(timeout=120)
    return statuses, probes


def test_bad_basic_logins_do_not_delay_a_signed_in_script(proxied_server: Served) -> None:
    """60 wrong passwords by HTTP Basic from one address while a script with valid (already
    checked) credentials keeps calling the API from another."""
    url = proxied_server.url
    with httpx.Client(base_url=url, auth=("vera", PASSWORD), headers=xff("198.51.100.7"),
                      timeout=60) as good, \
            httpx.Client(base_url=url, headers=xff("203.0.113.9"), timeout=120) as bad:
        assert good.get("/api/v1/whoami").status_code == 200  # checks argon2 once, remembered
        idle = [_timed_get(good, "/api/v1/whoami")[1] for _ in range(5)]

        def attack(i: int) -> int:
            return bad.get("/api/v1/whoami", auth=("target", f"wrong-{i}")).status_code

        statuses, probes = _during(attack, lambda: _timed_get(good, "/api/v1/whoami"), 60)

    assert all(code == 200 for code, _ in probes), probes
    during = statistics.median(s for _, s in probes)
    assert during <= statistics.median(idle) + 0.5, (idle, probes)
    assert set(statuses) <= {401, 429}, statuses
    # locked after 10 failures of "target" (give or take the checks already running)
    assert statuses.count(429) >= 60 - 12, statuses


def test_bad_web_logins_do_not_freeze_the_public_page(proxied_server: Served) -> None:
    """20 wrong passwords on the sign-in form (the check used to run on the event loop and
    froze every page, the public demo page too)."""
    url = proxied_server.url
    with httpx.Client(base_url=url, timeout=60, headers=xff("198.51.100.8")) as visitor, \
            httpx.Client(base_url=url, timeout=120, headers=xff("203.0.113.20")) as bad:
        idle = [_timed_get(visitor, "/demo/")[1] for _ in range(5)]

        def attack(i: int) -> int:
            return bad.post("/login", data={"username": "target2",
                                            "password": f"wrong-{i}"}).status_code

        statuses, probes = _during(attack, lambda: _timed_get(visitor, "/demo/"), 20)

    assert all(code == 200 for code, _ in probes), probes
    during = statistics.median(s for _, s in probes)
    assert during <= statistics.median(idle) + 0.5, (idle, probes)
    assert set(statuses) <= {400, 429}, statuses
    assert statuses.count(429) >= 20 - 12, statuses  # "target2" locked after ~10 failures


def test_an_account_is_locked_after_repeated_failures(proxied_server: Served) -> None:
    with httpx.Client(base_url=proxied_server.url, timeout=60) as client:
        codes = [client.get("/api/v1/whoami", auth=("locked", f"nope-{i}"),
                            headers=xff(f"192.0.2.{i + 1}")).status_code for i in range(10)]
        assert codes == [401] * 10
        # now even the right password is refused, from any address, with a Retry-After
        r = client.get("/api/v1/whoami", auth=("locked", PASSWORD), headers=xff("192.0.2.99"))
        assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
        assert "locked" in r.json()["error"]
        web = client.post("/login", data={"username": "locked", "password": PASSWORD},
                          headers=xff("192.0.2.98"))
        assert web.status_code == 429
        # other accounts are not affected
        ok = client.get("/api/v1/whoami", auth=("cora", PASSWORD), headers=xff("192.0.2.97"))
        assert ok.status_code == 200


def test_forwarded_for_is_ignored_without_a_configured_proxy(fresh_server: Served) -> None:
    """Item 11: a loopback client that invents a new X-Forwarded-For for every attempt is
    still one client (no GLASSHOUSE_TRUSTED_PROXIES): it is locked out after 30 failures."""
    with httpx.Client(base_url=fresh_server.url, timeout=60) as client:
        codes = [client.get("/api/v1/whoami", auth=(f"ghost{i}", "wrong-password"),
                            headers=xff(f"198.18.0.{i + 1}")).status_code for i in range(34)]
        assert codes[:29] == [401] * 29, codes
        assert codes[-1] == 429, codes
        r = client.get("/api/v1/whoami", auth=("vera", PASSWORD), headers=xff("198.18.1.1"))
        assert r.status_code == 429


def test_forwarded_for_names_the_client_behind_a_configured_proxy(proxied_server: Served) -> None:
    with httpx.Client(base_url=proxied_server.url, timeout=60) as client:
        codes = [client.get("/api/v1/whoami", auth=(f"phantom{i}", "wrong-password"),
                            headers=xff(f"198.19.0.{i + 1}")).status_code for i in range(34)]
        assert codes == [401] * 34
