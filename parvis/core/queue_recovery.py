"""Tasks a worker was running when it died (killed, out of memory, its machine stopped) go back to the queue.

RQ notices such a job only once its time is up: the job stays "started" until its timeout and RQ's margin have
passed, then a worker's maintenance moves it among the failed jobs as *abandoned*, where it would stay. A task that
lost its worker did not fail, so `requeue_abandoned()` (the periodic command `tasks_recover`, every few minutes)
runs that cleanup now and puts each abandoned job back in its queue, at most MAX_RECOVERIES times: a job that kills
its worker every time (exhausting the memory, say) must end among the failed jobs, not loop. A task run again starts
from its beginning, so every task is written to be harmless when run twice (an e-mail is claimed before it leaves,
a notification is keyed by what it is about).

Only RQ (REDIS_URL): the database queue of a small install runs its tasks in the worker's own transaction, rolled
back with the process."""

from datetime import datetime

from django.conf import settings

ABANDONED = "AbandonedJobError"
MAX_RECOVERIES = 3
RECOVERIES_META = "parvis_recoveries"


def uses_rq() -> bool:
    return any(config["BACKEND"].endswith("RQBackend") for config in settings.TASKS.values())


def requeue_abandoned(now: datetime | None = None) -> int:
    """Moves the jobs whose worker died to the failed ones (RQ's own cleanup, as of `now`), then requeues those
    failed as abandoned that have recoveries left. Returns how many were requeued."""
    if not uses_rq():
        return 0
    import django_rq
    from django_tasks_rq.backend import Job
    from rq.exceptions import InvalidJobOperation, NoSuchJobError

    requeued = 0
    for queue_name in settings.RQ_QUEUES:
        queue = django_rq.get_queue(queue_name, job_class=Job)
        queue.started_job_registry.cleanup(timestamp=now.timestamp() if now else None)
        failed = queue.failed_job_registry
        for job_id in failed.get_job_ids():
            try:
                job = Job.fetch(job_id, connection=queue.connection)
            except NoSuchJobError:
                continue
            result = job.latest_result()
            recoveries = job.meta.get(RECOVERIES_META, 0)
            if result is None or ABANDONED not in (result.exc_string or "") or recoveries >= MAX_RECOVERIES:
                continue
            job.meta[RECOVERIES_META] = recoveries + 1
            job.save_meta()
            try:
                failed.requeue(job)
            except InvalidJobOperation:
                continue  # another run of the command took it first
            requeued += 1
    return requeued
