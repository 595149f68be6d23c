"""Every write on events, the common agenda and participation, by sub-domain: `events.py` (create, edit, cancel, share),
`occurrences.py` (the table of the times events take place, kept by every write on an event), `rsvps.py` (answers,
capacity and waiting list, guests), `submissions.py` (the common agenda: submissions and reviews), `participants.py`
(writing to participants), `comments.py` (the discussion under an event). Callers import from the module that holds the
function: this package re-exports nothing, so that `grep` finds one home for each."""
