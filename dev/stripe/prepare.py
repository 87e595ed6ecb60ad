#!/usr/bin/env python3
"""Writes the OpenAPI spec and fixtures stripe-mock serves in the tests: its
own bundled ones, with the one gap between them and the API version
async-stripe is generated from filled in.

stripe-mock v0.203 ships API version 2026-08-26.dahlia, where a subscription
item no longer lists `plan`; async-stripe 1.0.0-rc.10 (2026-09-30) still
requires it, so every subscription answer failed to read. The property is put
back into the spec (as a reference to stripe-mock's own `plan` schema) and
every embedded subscription item in the fixtures gets stripe-mock's own `plan`
fixture. Nothing else is changed: every answer is still stripe-mock's data,
and every request is still validated against Stripe's spec.

    prepare.py STRIPE_MOCK_MODULE_DIR OUT_DIR
"""
import json
import sys

src, out = sys.argv[1], sys.argv[2]
with open(f"{src}/embedded/openapi/spec3.json") as f:
    spec = json.load(f)
with open(f"{src}/embedded/openapi/fixtures3.json") as f:
    fixtures = json.load(f)

item = spec["components"]["schemas"]["subscription_item"]
item["properties"].setdefault("plan", {"$ref": "#/components/schemas/plan"})

resources = fixtures["resources"]


def fill(node):
    if isinstance(node, dict):
        if node.get("object") == "subscription_item" and "plan" not in node:
            node["plan"] = resources["plan"]
        for value in node.values():
            fill(value)
    elif isinstance(node, list):
        for value in node:
            fill(value)


fill(resources)
with open(f"{out}/spec3.json", "w") as f:
    json.dump(spec, f)
with open(f"{out}/fixtures3.json", "w") as f:
    json.dump(fixtures, f)
