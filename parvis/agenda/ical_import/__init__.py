"""Import an organisation's existing calendar (.ics at a URL, or an uploaded file) into one of its spaces.

Events are matched by UID within the space, so a calendar imported any number of times, by a file or by its
address, creates each event once and updates what changed, whichever way the event came first (a file uploaded
before, a subscribed address, or the form and the API when an organisation imports our own export back). A
subscribed address deletes what its calendar removed, touching only the events it holds; a file cut short deletes
nothing. Every event goes through `services.events.event_create` / `event_update` with the source's creator as
author: an import can never do what that person could not do by hand, and losing the right to post in the space
stops the import.

A changed occurrence of a repeating event (a VEVENT with RECURRENCE-ID, as Google, Outlook and Thunderbird write a
session moved or renamed) leaves the series as an excluded date and becomes an event of its own, stored under the
series' UID followed by "#" and the original start; a cancelled occurrence is only an excluded date.

Real calendars are messy (Outlook, Google, Thunderbird, the CMS of every town hall): folded lines, Windows line
endings, latin-1 files, floating times, missing DTEND or UID, several VCALENDAR blocks. What can be understood is
imported; what cannot is skipped with a reason that the organisation reads in the report.

`parse.py` reads a file into VEVENTs (and what it skips), `fields.py` turns one VEVENT into an event's fields,
`sync.py` fetches a calendar and runs an import, `sources.py` is what the space's page calls. Callers import from
the module that holds the function: this package re-exports nothing.
"""
