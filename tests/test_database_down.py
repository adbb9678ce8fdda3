"""PostgreSQL restarting (issue 17), simulated with a connection whose queries fail (the test
cannot own the server): requests in flight answer 503 with the site's page, not a traceback, and
the requests after it work. The pool's connection check is in tests/test_settings.py."""

import logging

import pytest
from django.db import OperationalError, connection
from django.test import Client

from forum import unavailable
from tests.test_settings import settings_under
from threads.models import Post

pytestmark = pytest.mark.django_db


def restarting(execute, sql, params, many, context):
    raise OperationalError("terminating connection due to administrator command")


def test_requests_in_flight_get_the_sites_503_and_the_next_ones_work(alice, public_thread, caplog):
    visitor, member = Client(raise_request_exception=False), Client(raise_request_exception=False)
    member.force_login(alice)
    url = public_thread.get_absolute_url()
    with connection.execute_wrapper(restarting):
        answers = [
            visitor.get(url, HTTP_ACCEPT_LANGUAGE="en"),
            member.get(url, HTTP_ACCEPT_LANGUAGE="en"),
            member.post(f"/threads/{public_thread.pk}/reply/", {"body": "Sent while the database restarts"}, HTTP_ACCEPT_LANGUAGE="en"),
            visitor.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en"),
        ]
    assert answers[3].status_code == 200  # a visitor's login page needs no database
    for response in answers[:3]:
        page = response.content.decode()
        assert response.status_code == 503 and response["Retry-After"] == "5"
        assert "briefly unavailable" in page and "Traceback" not in page and "OperationalError" not in page
    assert not Post.objects.filter(body_source="Sent while the database restarts").exists()
    logged = [r for r in caplog.records if r.name == "forum.unavailable"]
    assert len(logged) <= 1  # once a minute, not per request
    # the database is back: nothing after the restart fails
    assert visitor.get(url).status_code == 200 and member.get(url).status_code == 200
    assert member.post(f"/threads/{public_thread.pk}/reply/", {"body": "Sent after"}).status_code == 302


def test_other_errors_stay_the_ordinary_500(public_thread, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("threads.core.queries.thread_page", broken)
    response = Client(raise_request_exception=False).get(public_thread.get_absolute_url())
    assert response.status_code == 500


def test_the_pool_checks_a_connection_before_handing_it_out():
    s = settings_under(DATABASE_URL="postgres://u:p@127.0.0.1:5432/x", DB_POOL="1")
    assert "check_connection" in s["db"]["OPTIONS"]["pool"]["check"]


def test_logging_does_not_hide_the_cause(caplog):
    caplog.set_level(logging.ERROR)
    unavailable._last_logged[0] = 0.0
    unavailable.response(None, OperationalError("the server closed the connection"))
    assert "the server closed the connection" in caplog.text
