"""The web pages without JavaScript: plain form posts and redirects, CSRF, authorization."""

from __future__ import annotations

import html
import re

import pytest
from conftest import PASSWORD, World, csrf_of, sign_in
from fastapi.testclient import TestClient

PHONE = "+1 415 555 2671"
PHONE_MSG = f"Call me on {PHONE} tomorrow"
SCAM_MSG = "Please send the payment via Western Union first and I will release the files"


def send(client: TestClient, conv: int, csrf: str, text: str, **flags: str):
    return client.post(f"/inbox/{conv}/send", data={"text": text, "csrf_token": csrf, **flags},
                       follow_redirects=False)


def body_texts(page: str) -> list[str]:
    """The text of each message body on a page, tags stripped."""
    return [html.unescape(re.sub(r"<[^>]+>", "", b)).strip() for b in re.findall(r'<p class="body">(.*?)</p>', page, re.DOTALL)]


# --- sign-in -----------------------------------------------------------------------------------------

def test_pages_need_sign_in_and_come_back_after(web, browser_client):
    _, world = web
    r = browser_client.get(f"/inbox/{world.conversation}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/login?next=%2Finbox%2F{world.conversation}"
    page = browser_client.get(r.headers["location"])
    r = browser_client.post("/login", data={"email": World.EMAILS["client"], "password": PASSWORD,
                                            "csrf_token": csrf_of(page.text), "next": f"/inbox/{world.conversation}"},
                            follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/inbox/{world.conversation}"


@pytest.mark.parametrize("next_url, expected", [
    pytest.param("/inbox", "/inbox", id="local-path"),
    pytest.param("//evil.example/x", "/inbox", id="protocol-relative-refused"),
    pytest.param("https://evil.example/", "/inbox", id="absolute-refused"),
    pytest.param("/\\evil.example", "/inbox", id="backslash-refused"),
])
def test_sign_in_redirects_only_inside_the_site(browser_client, next_url, expected):
    page = browser_client.get("/login")
    r = browser_client.post("/login", data={"email": World.EMAILS["client"], "password": PASSWORD,
                                            "csrf_token": csrf_of(page.text), "next": next_url},
                            follow_redirects=False)
    assert r.headers["location"] == expected


def test_wrong_password_shows_the_form_again(browser_client):
    page = browser_client.get("/login")
    r = browser_client.post("/login", data={"email": World.EMAILS["client"], "password": "wrong password!",
                                            "csrf_token": csrf_of(page.text)})
    assert r.status_code == 401
    assert "Wrong email or password." in r.text
    assert "offplatform_session" not in r.cookies


def test_sign_in_form_needs_its_csrf_token(browser_client):
    browser_client.get("/login")
    r = browser_client.post("/login", data={"email": World.EMAILS["client"], "password": PASSWORD,
                                            "csrf_token": "forged"})
    assert r.status_code == 403
    assert browser_client.get("/inbox", follow_redirects=False).status_code == 303


def test_moderators_land_on_the_console_and_sign_out_ends_the_session(browser_client):
    csrf = sign_in(browser_client, World.EMAILS["moderator"])
    assert browser_client.get("/console").status_code == 200
    r = browser_client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert browser_client.get("/console", follow_redirects=False).status_code == 303


# --- CSRF --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("token", [
    pytest.param(None, id="missing"),
    pytest.param("", id="empty"),
    pytest.param("not-a-token", id="garbage"),
    pytest.param("OTHER", id="another-sessions-token"),
])
def test_forms_without_this_sessions_csrf_token_are_refused(web, browser_client, other_client, token):
    _, world = web
    sign_in(browser_client, World.EMAILS["freelancer"])
    if token == "OTHER":
        token = sign_in(other_client, World.EMAILS["client"])
    data = {"text": "hello there"} | ({"csrf_token": token} if token is not None else {})
    r = browser_client.post(f"/inbox/{world.conversation}/send", data=data, follow_redirects=False)
    assert r.status_code == 403
    assert "expired" in r.text
    page = browser_client.get(f"/inbox/{world.conversation}")
    assert "hello there" not in page.text


def test_the_csrf_header_is_accepted_for_htmx(web, browser_client):
    _, world = web
    csrf = sign_in(browser_client, World.EMAILS["freelancer"])
    r = browser_client.post(f"/inbox/{world.conversation}/check", data={"text": PHONE_MSG},
                            headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    assert r.status_code == 200 and 'data-action="mask"' in r.text


# --- authorization -----------------------------------------------------------------------------------

@pytest.mark.parametrize("method, path", [
    pytest.param("GET", "/inbox/{conv}", id="page"),
    pytest.param("GET", "/inbox/{conv}/thread", id="thread-partial"),
    pytest.param("POST", "/inbox/{conv}/send", id="send"),
    pytest.param("POST", "/inbox/{conv}/check", id="check"),
    pytest.param("POST", "/inbox/{conv}/keep", id="keep"),
    pytest.param("POST", "/inbox/{conv}/offer", id="offer"),
    pytest.param("GET", "/inbox/999999", id="no-such-conversation"),
])
def test_another_users_conversation_is_not_found(web, browser_client, method, path):
    _, world = web
    csrf = sign_in(browser_client, World.EMAILS["other_freelancer"])
    url = path.format(conv=world.conversation)
    data = {"csrf_token": csrf, "text": "hi", "keep_on_platform": "yes", "amount": "10"}
    r = browser_client.get(url) if method == "GET" else browser_client.post(url, data=data)
    assert r.status_code == 404
    assert "no such conversation" in r.text
    # the same person reaches their own conversation
    assert browser_client.get(f"/inbox/{world.other_conversation}").status_code == 200


def test_another_users_message_and_contract_are_not_found(web, browser_client, other_client):
    _, world = web
    fcsrf = sign_in(browser_client, World.EMAILS["freelancer"])
    send(browser_client, world.conversation, fcsrf, "hello")
    ccsrf = sign_in(other_client, World.EMAILS["client"])
    other_client.post(f"/inbox/{world.conversation}/offer", data={"csrf_token": ccsrf, "amount": "100"})
    with TestClient(browser_client.app, base_url="http://testserver") as intruder:
        icsrf = sign_in(intruder, World.EMAILS["other_freelancer"])
        assert intruder.post("/inbox/messages/1/report", data={"csrf_token": icsrf, "reason": "x"}).status_code == 404
        assert intruder.post("/inbox/messages/1/appeal", data={"csrf_token": icsrf, "reason": "x"}).status_code == 404
        assert intruder.post("/inbox/contracts/1/accept", data={"csrf_token": icsrf}).status_code == 404


@pytest.mark.parametrize("path", ["/console", "/console/cases/1", "/console/search?q=x", "/console/dashboard"])
def test_the_console_is_for_moderators(browser_client, path):
    sign_in(browser_client, World.EMAILS["client"])
    r = browser_client.get(path)
    assert r.status_code == 403
    assert "moderators" in r.text


def test_a_client_cannot_make_the_freelancers_move(web, browser_client):
    _, world = web
    csrf = sign_in(browser_client, World.EMAILS["client"])
    browser_client.post(f"/inbox/{world.conversation}/offer", data={"csrf_token": csrf, "amount": "100"})
    r = browser_client.post("/inbox/contracts/1/accept", data={"csrf_token": csrf})
    assert r.status_code == 403
    assert "only the freelancer may accept" in r.text


# --- the flows, without JavaScript -------------------------------------------------------------------

def test_phone_masked_during_interview_then_whole_after_the_contract(web, browser_client, other_client):
    _, world = web
    conv = world.conversation
    fcsrf = sign_in(browser_client, World.EMAILS["freelancer"])
    r = send(browser_client, conv, fcsrf, PHONE_MSG)
    assert r.status_code == 303 and r.headers["location"] == f"/inbox/{conv}?done=masked#compose"
    mine = browser_client.get(f"/inbox/{conv}").text
    assert PHONE in mine and "hidden from Dana Client until the contract starts" in mine

    ccsrf = sign_in(other_client, World.EMAILS["client"])
    theirs = other_client.get(f"/inbox/{conv}").text
    assert PHONE not in theirs
    assert body_texts(theirs) == ["Call me on \u25c9 phone hidden tomorrow"]
    assert "Safety notice." in theirs
    assert "Contact details are hidden: they may be shared once a contract is accepted" in theirs

    other_client.post(f"/inbox/{conv}/offer", data={"csrf_token": ccsrf, "amount": "250.50", "currency": "eur"})
    assert "250.50 EUR" in browser_client.get(f"/inbox/{conv}").text
    r = browser_client.post("/inbox/contracts/1/accept", data={"csrf_token": fcsrf}, follow_redirects=False)
    assert r.headers["location"] == f"/inbox/{conv}?done=accept"
    send(browser_client, conv, fcsrf, f"Now you can reach me on {PHONE}")
    theirs = other_client.get(f"/inbox/{conv}").text
    assert body_texts(theirs)[-1] == f"Now you can reach me on {PHONE}"
    assert "You may share contact details" in theirs
    # the interview-time message stays masked: the sender did not consent to reveal it
    assert body_texts(theirs)[0] == "Call me on \u25c9 phone hidden tomorrow"


def test_consent_reveals_the_detail_when_the_contract_is_accepted(web, browser_client, other_client):
    _, world = web
    conv = world.conversation
    fcsrf = sign_in(browser_client, World.EMAILS["freelancer"])
    send(browser_client, conv, fcsrf, PHONE_MSG, consent_to_reveal="true")
    ccsrf = sign_in(other_client, World.EMAILS["client"])
    assert PHONE not in other_client.get(f"/inbox/{conv}").text
    other_client.post(f"/inbox/{conv}/offer", data={"csrf_token": ccsrf, "amount": "100"})
    browser_client.post("/inbox/contracts/1/accept", data={"csrf_token": fcsrf})
    theirs = other_client.get(f"/inbox/{conv}").text
    assert body_texts(theirs) == [PHONE_MSG]
    assert "Details revealed at contract" in theirs


def test_keep_on_platform_keeps_details_hidden_after_the_contract(web, browser_client, other_client):
    _, world = web
    conv = world.conversation
    ccsrf = sign_in(other_client, World.EMAILS["client"])
    r = other_client.post(f"/inbox/{conv}/keep", data={"csrf_token": ccsrf, "keep_on_platform": "yes"},
                          follow_redirects=False)
    assert r.headers["location"] == f"/inbox/{conv}?done=kept"
    other_client.post(f"/inbox/{conv}/offer", data={"csrf_token": ccsrf, "amount": "100"})
    fcsrf = sign_in(browser_client, World.EMAILS["freelancer"])
    browser_client.post("/inbox/contracts/1/accept", data={"csrf_token": fcsrf})
    page = browser_client.get(f"/inbox/{conv}").text
    assert "Kept on the platform" in page and "Dana Client chose to keep this conversation on the platform" in page
    send(browser_client, conv, fcsrf, PHONE_MSG)
    assert PHONE not in other_client.get(f"/inbox/{conv}").text


def test_a_held_scam_message_waits_for_a_moderator(web, browser_client, other_client):
    _, world = web
    conv = world.conversation
    fcsrf = sign_in(browser_client, World.EMAILS["freelancer"])
    r = send(browser_client, conv, fcsrf, SCAM_MSG)
    assert r.headers["location"].endswith("done=held#compose")
    mine = browser_client.get(f"/inbox/{conv}").text
    assert "Pending review" in mine and SCAM_MSG in mine
    sign_in(other_client, World.EMAILS["client"])
    assert SCAM_MSG not in other_client.get(f"/inbox/{conv}").text

    with TestClient(browser_client.app, base_url="http://testserver") as mod:
        mcsrf = sign_in(mod, World.EMAILS["moderator"])
        queue = mod.get("/console").text
        assert 'href="/console/cases/1"' in queue and "payment outside escrow" in queue
        case = mod.get("/console/cases/1").text
        assert "Western Union" in case and "payment-outside-escrow" in case
        assert 'aria-keyshortcuts="r"' in case and "Member since" in case
        r = mod.post("/console/cases/1/decide", data={"csrf_token": mcsrf, "action": "release"},
                     follow_redirects=False)
        assert r.headers["location"] == "/console?done=1"
        assert mod.post("/console/cases/1/decide", data={"csrf_token": mcsrf, "action": "release"}).status_code == 409
    assert body_texts(other_client.get(f"/inbox/{conv}").text) == [SCAM_MSG]


@pytest.mark.parametrize("action, delivered", [
    pytest.param("keep_blocked", False, id="keep-blocked"),
    pytest.param("strike", False, id="strike"),
    pytest.param("release_masked", True, id="release-masked"),
])
def test_moderator_decisions(web, browser_client, other_client, action, delivered):
    _, world = web
    conv = world.conversation
    fcsrf = sign_in(browser_client, World.EMAILS["freelancer"])
    send(browser_client, conv, fcsrf, SCAM_MSG)
    mcsrf = sign_in(other_client, World.EMAILS["moderator"])
    other_client.post("/console/cases/1/decide", data={"csrf_token": mcsrf, "action": action})
    assert "Case #1" in other_client.get("/console/cases/1").text
    mine = browser_client.get(f"/inbox/{conv}").text
    assert ("Not delivered" in mine) is (not delivered)
    if action == "strike":
        assert re.search(r"<dt>Strikes</dt><dd>1</dd>", other_client.get("/console/cases/1").text)


def test_report_and_appeal_open_cases(web, browser_client, other_client):
    _, world = web
    conv = world.conversation
    fcsrf = sign_in(browser_client, World.EMAILS["freelancer"])
    send(browser_client, conv, fcsrf, PHONE_MSG)
    r = browser_client.post("/inbox/messages/1/appeal", data={"csrf_token": fcsrf, "reason": "It is a price code"},
                            follow_redirects=False)
    assert r.headers["location"] == f"/inbox/{conv}?done=appealed"
    assert "Appeal sent." in browser_client.get(f"/inbox/{conv}").text
    ccsrf = sign_in(other_client, World.EMAILS["client"])
    r = other_client.post("/inbox/messages/1/report", data={"csrf_token": ccsrf, "reason": "Pushing me off-site"},
                          follow_redirects=False)
    assert r.headers["location"] == f"/inbox/{conv}?done=reported"
    assert "You reported this message." in other_client.get(f"/inbox/{conv}").text
    with TestClient(browser_client.app, base_url="http://testserver") as mod:
        sign_in(mod, World.EMAILS["moderator"])
        appeals = mod.get("/console?kind=appeal").text
        assert 'href="/console/cases/1"' in appeals and 'href="/console/cases/2"' not in appeals
        reports = mod.get("/console?kind=report", headers={"HX-Request": "true"}).text
        assert "<html" not in reports and 'href="/console/cases/2"' in reports
        appeal = mod.get("/console/cases/1").text
        assert "Appeal by the sender:</strong> It is a price code" in appeal
        assert 'value="warn"' in appeal  # a report or an appeal may end in a warning ...


def test_a_held_message_needs_a_verdict_not_a_warning(web, browser_client, other_client):
    _, world = web
    fcsrf = sign_in(browser_client, World.EMAILS["freelancer"])
    send(browser_client, world.conversation, fcsrf, SCAM_MSG)
    sign_in(other_client, World.EMAILS["moderator"])
    case = other_client.get("/console/cases/1").text
    assert 'value="warn"' not in case and 'value="release"' in case  # ... a held message may not


@pytest.mark.parametrize("text, action, shown", [
    pytest.param(PHONE_MSG, "mask", "phone: will be hidden until the contract starts", id="phone-masked"),
    pytest.param("My address is frank.designs@gmail.com", "mask", "email: will be hidden", id="email-masked"),
    pytest.param(SCAM_MSG, "hold", "Will be held for a moderator", id="scam-held"),
    pytest.param("Can you do three logo concepts by Friday?", "allow", "Will be delivered as typed", id="plain"),
    pytest.param("The logo is 250 USD, version 2.0.1, 3 revisions", "allow", "Will be delivered as typed",
                 id="numbers-not-a-phone"),
])
def test_the_compose_check_says_what_will_happen(web, browser_client, text, action, shown):
    _, world = web
    csrf = sign_in(browser_client, World.EMAILS["freelancer"])
    r = browser_client.post(f"/inbox/{world.conversation}/check", data={"text": text, "csrf_token": csrf})
    assert r.status_code == 200
    assert f'data-action="{action}"' in r.text
    assert shown in r.text
    # stateless: nothing was stored
    assert 'class="msg ' not in browser_client.get(f"/inbox/{world.conversation}").text


@pytest.mark.parametrize("text, reason", [
    pytest.param(PHONE_MSG, "A contact detail or outside channel before the contract.", id="contact"),
    pytest.param(SCAM_MSG, "Asking or offering to pay outside escrow", id="payment"),
])
def test_the_compose_check_explains_why_in_the_present_tense(web, browser_client, text, reason):
    """The preview gives the policy rule's description, not the notice written for after the send."""
    _, world = web
    csrf = sign_in(browser_client, World.EMAILS["freelancer"])
    r = browser_client.post(f"/inbox/{world.conversation}/check", data={"text": text, "csrf_token": csrf})
    assert reason in html.unescape(r.text)
    assert "Your message was" not in r.text and "is being reviewed" not in r.text


def test_the_override_checkbox_sends_a_masked_message_to_review(web, browser_client):
    _, world = web
    csrf = sign_in(browser_client, World.EMAILS["freelancer"])
    r = browser_client.post(f"/inbox/{world.conversation}/check",
                            data={"text": PHONE_MSG, "csrf_token": csrf, "override": "true"})
    assert 'data-action="hold"' in r.text
    send(browser_client, world.conversation, csrf, PHONE_MSG, override="true")
    assert "Pending review" in browser_client.get(f"/inbox/{world.conversation}").text


@pytest.mark.parametrize("amount, ok", [
    pytest.param("250", True, id="integer"),
    pytest.param("99.50", True, id="decimal"),
    pytest.param("-5", False, id="negative"),
    pytest.param("abc", False, id="not-a-number"),
    pytest.param("NaN", False, id="nan"),
])
def test_offer_amounts(web, browser_client, amount, ok):
    _, world = web
    csrf = sign_in(browser_client, World.EMAILS["client"])
    r = browser_client.post(f"/inbox/{world.conversation}/offer", data={"csrf_token": csrf, "amount": amount},
                            follow_redirects=False)
    assert (r.status_code == 303) is ok
    if not ok:
        assert r.status_code == 422


def test_contract_moves_to_closed(web, browser_client, other_client):
    _, world = web
    conv = world.conversation
    ccsrf = sign_in(other_client, World.EMAILS["client"])
    fcsrf = sign_in(browser_client, World.EMAILS["freelancer"])
    other_client.post(f"/inbox/{conv}/offer", data={"csrf_token": ccsrf, "amount": "100"})
    browser_client.post("/inbox/contracts/1/accept", data={"csrf_token": fcsrf})
    page = other_client.get(f"/inbox/{conv}").text
    assert "Fund escrow (simulated)" in page
    other_client.post("/inbox/contracts/1/fund", data={"csrf_token": ccsrf})
    assert "Close contract" in other_client.get(f"/inbox/{conv}").text
    other_client.post("/inbox/contracts/1/close", data={"csrf_token": ccsrf})
    page = other_client.get(f"/inbox/{conv}").text
    assert "stage-closed" in page and "The contract is closed." in page
    inbox = other_client.get("/inbox").text
    assert "contract closed" in inbox


# --- search and dashboard ----------------------------------------------------------------------------

def test_search_corrects_a_misspelling_from_the_stored_vocabulary(web, browser_client, other_client):
    _, world = web
    fcsrf = sign_in(browser_client, World.EMAILS["freelancer"])
    send(browser_client, world.conversation, fcsrf, "Add me on WhatsApp so we can talk there")
    send(browser_client, world.conversation, fcsrf, "Can you share the brief?")
    sign_in(other_client, World.EMAILS["moderator"])
    page = other_client.get("/console/search", params={"q": "watsap"}).text
    assert re.sub(r"<[^>]+>", "", re.search(r'<p class="correction".*?</p>', page, re.DOTALL).group(0)).split() == \
        ["Showing", "results", "for", "whatsapp.", "Search", "instead", "for", "watsap."]
    assert 'Add me on <mark class="hit">WhatsApp</mark>' in page and "Can you share the brief?" not in page
    exact = other_client.get("/console/search", params={"q": "watsap", "exact": "1"}).text
    assert "No messages match." in exact and "Did you mean" in exact
    known = other_client.get("/console/search", params={"q": "brief"}).text
    assert 'class="correction"' not in known
    assert "Can you share the <mark class=\"hit\">brief</mark>?" in known


def test_dashboard_draws_charts(web, browser_client, other_client):
    _, world = web
    fcsrf = sign_in(browser_client, World.EMAILS["freelancer"])
    send(browser_client, world.conversation, fcsrf, PHONE_MSG)
    send(browser_client, world.conversation, fcsrf, SCAM_MSG)
    sign_in(other_client, World.EMAILS["moderator"])
    page = other_client.get("/console/dashboard").text
    assert page.count("<svg") == 5
    assert "Findings per day, by kind" in page and "<rect" in page
    assert re.search(r"<dt>Open cases</dt><dd>1</dd>", page)
    assert re.search(r"- phone: 1</title>", page)


def test_static_files_are_served_by_the_app(browser_client):
    r = browser_client.get("/static/htmx.min.js")
    assert r.status_code == 200 and "htmx" in r.text[:200]
    assert browser_client.get("/static/app.css").status_code == 200


def test_search_keeps_a_word_from_the_vocabulary(web, browser_client, other_client):
    """A word people wrote is part of the vocabulary: it is searched as typed, not corrected."""
    _, world = web
    fcsrf = sign_in(browser_client, World.EMAILS["freelancer"])
    for text in ("Add me on WhatsApp", "Add me on WhatsApp please", "my watsap is broken"):
        send(browser_client, world.conversation, fcsrf, text)
    sign_in(other_client, World.EMAILS["moderator"])
    page = other_client.get("/console/search", params={"q": "watsap"}).text
    assert "Showing results for" not in page
    assert 'class="correction"' not in page and 'my <mark class="hit">watsap</mark> is broken' in page
    assert "Add me on WhatsApp</li>" not in page


def _backdate_cases(app, hours: float) -> None:
    from datetime import timedelta

    from offplatform.service.db import transaction
    from offplatform.service.models import Case

    with transaction(app.state.runtime.sessions) as s:
        for case in s.query(Case):
            case.created_at = case.created_at - timedelta(hours=hours)


@pytest.mark.parametrize("age_hours, min_hours, listed", [
    pytest.param(0, 0, True, id="new-case-any-age"),
    pytest.param(0, 1, False, id="new-case-hidden-by-1h-filter"),
    pytest.param(30, 24, True, id="30h-old-case-in-1-day-filter"),
    pytest.param(30, 72, False, id="30h-old-case-hidden-by-3-day-filter"),
])
def test_queue_filters_by_waiting_time(web, browser_client, other_client, age_hours, min_hours, listed):
    app, world = web
    fcsrf = sign_in(browser_client, World.EMAILS["freelancer"])
    send(browser_client, world.conversation, fcsrf, SCAM_MSG)
    if age_hours:
        _backdate_cases(app, age_hours)
    sign_in(other_client, World.EMAILS["moderator"])
    page = other_client.get("/console", params={"min_hours": min_hours}).text
    assert ('href="/console/cases/1"' in page) is listed
    if listed and age_hours:
        assert "<td>1 d 6 h</td>" in page


def test_dashboard_counts_queue_size_and_waits_per_day(web, browser_client):
    from datetime import timedelta

    from offplatform.service.models import utcnow
    from offplatform.web import queries

    app, world = web
    fcsrf = sign_in(browser_client, World.EMAILS["freelancer"])
    send(browser_client, world.conversation, fcsrf, SCAM_MSG)
    send(browser_client, world.conversation, fcsrf, PHONE_MSG)
    rt = app.state.runtime
    with rt.sessions() as s:
        from offplatform.service.models import Role
        from offplatform.service.principal import Principal

        mod = Principal(user_id=world.moderator, role=Role.MODERATOR, via="session")
        later = utcnow() + timedelta(days=2)
        d = queries.dashboard(s, mod, days=3, now=later)
    assert d.queue_size == [1, 1, 1]  # opened today (day 0 of 3), still open two days later
    assert d.open_now == 1 and d.oldest_wait >= timedelta(days=2)
    assert d.findings["phone"] == [1, 0, 0] and d.findings["scam"][0] >= 1
    assert d.policy_actions == {"hold": 1, "mask": 1}


def test_a_bad_decision_value_is_a_422_page(web, browser_client):
    csrf = sign_in(browser_client, World.EMAILS["moderator"])
    r = browser_client.post("/console/cases/1/decide", data={"csrf_token": csrf, "action": "delete_everything"})
    assert r.status_code == 422
    assert "Please check the form" in r.text and "<html" in r.text


def test_a_message_released_masked_shows_chips_to_the_recipient(web, browser_client, other_client):
    _, world = web
    conv = world.conversation
    fcsrf = sign_in(browser_client, World.EMAILS["freelancer"])
    send(browser_client, conv, fcsrf, f"{SCAM_MSG}, or call {PHONE}")
    with TestClient(browser_client.app, base_url="http://testserver") as mod:
        mcsrf = sign_in(mod, World.EMAILS["moderator"])
        mod.post("/console/cases/1/decide", data={"csrf_token": mcsrf, "action": "release_masked"})
    sign_in(other_client, World.EMAILS["client"])
    theirs = other_client.get(f"/inbox/{conv}").text
    assert PHONE not in theirs
    assert '<span class="chip"' in theirs and "phone hidden</span>" in theirs


def _open_cases(app, world, n: int, *, kind: str = "report", start_hours_ago: float = 500) -> None:
    """``n`` open cases, one a minute apart, the oldest first (straight into the database: the
    paging is what is under test, not how cases are opened)."""
    from datetime import timedelta

    from offplatform.service.db import transaction
    from offplatform.service.models import Case, utcnow

    t0 = utcnow() - timedelta(hours=start_hours_ago)
    with transaction(app.state.runtime.sessions) as s:
        for i in range(n):
            s.add(Case(kind=kind, conversation_id=world.conversation, subject_id=world.freelancer,
                       reason=f"case {i}", created_at=t0 + timedelta(minutes=i)))


def test_the_queue_pages_through_every_open_case_oldest_first(web, other_client):
    """More open cases than a page: each page continues where the last one stopped, the count
    covers them all, and no case is shown twice or skipped."""
    from offplatform.web.queries import QUEUE_PAGE

    app, world = web
    n = QUEUE_PAGE * 2 + 7
    _open_cases(app, world, n)
    sign_in(other_client, World.EMAILS["moderator"])
    seen: list[int] = []
    url = "/console"
    pages = 0
    for _ in range(5):
        page = other_client.get(url).text
        pages += 1
        assert f"{n} open cases" in page
        rows = [int(i) for i in re.findall(r'href="/console/cases/(\d+)"', page)]
        assert len(rows) <= QUEUE_PAGE
        seen += rows
        nxt = re.search(r'href="/console\?([^"]+)" rel="next"', page)
        if nxt is None:
            break
        url = "/console?" + html.unescape(nxt.group(1))
    assert pages == 3
    assert len(seen) == n and len(set(seen)) == n
    assert seen == sorted(seen)  # created in id order, one a minute apart: oldest first


def test_the_queue_filters_in_the_database_before_paging(web, other_client):
    """A kind filter that matches cases beyond the first page of all cases still finds them."""
    from offplatform.web.queries import QUEUE_PAGE

    app, world = web
    _open_cases(app, world, QUEUE_PAGE + 10, kind="report", start_hours_ago=500)
    _open_cases(app, world, 3, kind="appeal", start_hours_ago=100)
    sign_in(other_client, World.EMAILS["moderator"])
    page = other_client.get("/console", params={"kind": "appeal"}).text
    assert "3 open cases" in page
    assert len(re.findall(r'href="/console/cases/(\d+)"', page)) == 3
    assert 'rel="next"' not in page
