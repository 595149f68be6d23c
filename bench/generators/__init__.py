"""One data generator per Parvis app: `bench/generators/<label>.py` for the app `parvis.<label>`.

The contract, so that a later issue adds its content by adding one file:

- `PRODUCES`: the keys of `bench.scales.FULL` the module generates (e.g. `("events",)`); a key nobody produces is
  reported as "not generated".
- `generate(ctx)`: fills the database through `ctx.bulk(...)` and declares what it made with `ctx.produced(...)`.
  It may read what the generators of earlier apps wrote: generators run in the order of INSTALLED_APPS, which is
  already the order of the apps' dependencies.

`ctx.rng` is seeded per generator (seed + app label), so adding a generator never changes the data of the others.

An app whose tables do not grow with the territory nor with time (a handful of rows the operator edits) has no
generator: it is named in `NOTHING_TO_GENERATE` with the reason, so that the report does not call it forgotten.
"""

NOTHING_TO_GENERATE = {
    # The legal pages' texts (one per page and language) and the operator's details (one row): edited by the
    # operator, read on every page's footer whatever the size of the instance.
    "parvis.legal": "legal texts and the operator's details: a few rows the operator edits, whatever the territory",
    # Alerts are rare by design (three a day per person at most, gone from every page within a week): what the pages
    # read stays small whatever the territory. Their expired history does grow; its generator is still to write.
    "parvis.alerts": "a few current alerts per area by design; the expired history is not generated yet",
    # Federation's rows are remote actors, followers and deliveries: the bench starts no remote instance to follow.
    "parvis.federation": "remote followers and deliveries need a remote instance, which the bench does not start",
}
