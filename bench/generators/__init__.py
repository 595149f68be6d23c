"""One data generator per Parvis app: `bench/generators/<label>.py` for the app `parvis.<label>`.

The contract, so that a later issue adds its content by adding one file:

- `PRODUCES`: the keys of `bench.scales.FULL` the module generates (e.g. `("events",)`); a key nobody produces is
  reported as "not generated".
- `generate(ctx)`: fills the database through `ctx.bulk(...)` and declares what it made with `ctx.produced(...)`.
  It may read what the generators of earlier apps wrote: generators run in the order of INSTALLED_APPS, which is
  already the order of the apps' dependencies.

`ctx.rng` is seeded per generator (seed + app label), so adding a generator never changes the data of the others.
"""
