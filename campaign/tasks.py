from celery import shared_task


@shared_task
def ping():
    """Answers "pong": lets tests and operators check that a worker is consuming the queue."""
    return "pong"
