"""Security defaults visible on every response (issue #2 §4: CSRF/CSP/secure cookies)."""


def test_strict_csp_and_hardening_headers(client, db):
    response = client.get("/masuk/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_login_form_requires_csrf(db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/masuk/", {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_healthz_is_public_and_checks_database(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
