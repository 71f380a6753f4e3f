"""What 50 visitors and officers do at once (``bench/load.py`` runs it): searches in the
directory, organisation pages, the partnerships list, the registration and sign-in
pages; and, in its own phase, only the bare view (the floor).

The searches and organisation addresses are read from the database before the run
(``LOAD_SEARCHES``, ``LOAD_SLUGS``, written by bench/load.py), so the mix is the same
on every run."""

import json
import os
import random

from locust import HttpUser, between, tag, task

SEARCHES = json.loads(os.environ.get("LOAD_SEARCHES", "[]")) or [{"q": "förening"}]
SLUGS = json.loads(os.environ.get("LOAD_SLUGS", "[]")) or ["x"]


WAIT = [float(x) for x in os.environ.get("LOAD_WAIT", "0.1,0.5").split(",")]


class Visitor(HttpUser):
    # Between requests each client waits LOAD_WAIT seconds (a range; "0,0": none, so
    # that the server's capacity, not the clients' pace, sets the throughput).
    wait_time = between(*WAIT)

    @tag("mix")
    @task(5)
    def search(self):
        self.client.get("/organisationer/", params=random.choice(SEARCHES), name="search")

    @tag("mix")
    @task(3)
    def detail(self):
        self.client.get(f"/organisationer/{random.choice(SLUGS)}/", name="detail")

    @tag("mix")
    @task(1)
    def partnerships(self):
        self.client.get("/samverkan/", name="partnerships list")

    @tag("mix")
    @task(1)
    def registration(self):
        self.client.get("/registrera/", name="registration page")

    @tag("mix")
    @task(1)
    def sign_in(self):
        self.client.get("/inloggning/", name="sign-in page")

    @tag("bare")
    @task(1)
    def bare(self):
        self.client.get("/bench/bare/", name="bare view")
