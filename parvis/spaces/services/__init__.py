"""Every write on spaces and memberships, by sub-domain. Views, API and commands call these and nothing else:
`spaces.py` (creation, official spaces, settings, follows), `organisations.py` (organisation pages and their
verification), `memberships.py` (joining, leaving, requests, roles, removal, transfer), `invitations.py`, and
`acts.py` (what every act of authority shares: the administrator check and the journal entry). Callers import
from the module that holds the function: this package re-exports nothing, so that `grep` finds one home for each."""
