"""Tasks go out only once the transaction that enqueued them commits."""

from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

from services.common.tasks import enqueue, send_tasks_after_commit


def _sessions(sent):
    sessions = sessionmaker(create_engine("sqlite://"))
    send_tasks_after_commit(sessions, lambda task, args: sent.append((task, args)))
    return sessions


def test_a_task_is_sent_after_the_commit_not_before():
    sent = []
    with _sessions(sent).begin() as session:
        enqueue(session, "render", "r1")
        session.execute(text("SELECT 1"))
        assert sent == []
    assert sent == [("render", ("r1",))]


def test_a_rolled_back_transaction_sends_nothing_and_forgets_its_tasks():
    sent = []
    sessions = _sessions(sent)
    session = sessions()
    enqueue(session, "render", "lost")
    session.execute(text("SELECT 1"))
    session.rollback()
    enqueue(session, "render", "kept")
    session.commit()
    assert sent == [("render", ("kept",))]
