"""End to end in Chromium: the inbox, the live compose check, masking and the contract.

Screenshots of each page go to a temporary directory, or to $OFFPLATFORM_SCREENSHOTS
(`OFFPLATFORM_SCREENSHOTS=docs/screenshots` refreshes the ones the docs show).
"""

from __future__ import annotations

import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture then fails (CI=true) or skips with the install command
    expect = None

pytestmark = pytest.mark.browser

PHONE = "+1 415 555 2671"


def test_phone_masked_in_the_interview_and_whole_after_the_contract(person, live):
    conv = live.world.conversation
    login = person("freelancer", signed_in=False)
    login.go("/login")
    login.shot("login")
    freelancer = login.sign_in()
    expect(freelancer.page.get_by_role("heading", name="Inbox")).to_be_visible()
    expect(freelancer.page.get_by_role("link", name="Logo for a bakery").first).to_be_visible()
    freelancer.shot("inbox")

    page = freelancer.go(f"/inbox/{conv}")
    expect(page.locator("#banner")).to_contain_text("Contact details are hidden: they may be shared once a contract is accepted")
    # the live check, as the freelancer types (htmx, debounced)
    page.get_by_label("Your message").press_sequentially(f"Call me on {PHONE} tomorrow", delay=5)
    preview = page.locator("#preview .preview-box")
    expect(preview).to_have_attribute("data-action", "mask")
    expect(preview.locator("mark.will-hide")).to_contain_text(PHONE)
    expect(preview).to_contain_text("phone: will be hidden until the contract starts")
    freelancer.shot("compose-check")
    # a harmless edit turns the verdict around
    page.get_by_label("Your message").fill("")
    page.get_by_label("Your message").press_sequentially("Three concepts by Friday?", delay=5)
    expect(preview).to_have_attribute("data-action", "allow")
    page.get_by_label("Your message").fill(f"Call me on {PHONE} tomorrow")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("contact details hidden")
    own = page.locator("li.msg.mine").last
    expect(own).to_contain_text(PHONE)
    expect(own.locator("mark.hidden-detail")).to_contain_text("hidden from Dana Client until the contract starts")
    freelancer.shot("conversation-sender-masked")

    client = person("client")
    page = client.go(f"/inbox/{conv}")
    received = page.locator("li.msg.theirs").last
    expect(received.locator(".chip")).to_have_text(re.compile(r"phone hidden"))
    expect(received).not_to_contain_text(PHONE)
    expect(received.locator(".notice.safety")).to_contain_text("contact details can be shared once a contract")
    client.shot("conversation-recipient-masked")

    # the client offers, the freelancer accepts
    page.get_by_label("Amount").fill("250")
    page.get_by_label("Terms").fill("Three logo concepts, two revisions")
    page.get_by_role("button", name="Send offer").click()
    expect(page.locator("#banner")).to_contain_text("An offer is waiting")
    page = freelancer.go(f"/inbox/{conv}")
    page.get_by_role("button", name="Accept offer").click()
    expect(page.locator("#banner")).to_contain_text("You may share contact details")
    page.get_by_label("Your message").fill(f"Great! Reach me on {PHONE} any time")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Message sent.")

    page = client.go(f"/inbox/{conv}")
    expect(page.locator("li.msg.theirs").last.locator(".body")).to_have_text(f"Great! Reach me on {PHONE} any time")
    expect(page.get_by_role("button", name="Fund escrow (simulated)")).to_be_visible()
    client.shot("conversation-after-contract")


def test_keyboard_only_sign_in_and_send(person, live):
    """The core flow with the keyboard alone: labels, focus order, Enter to submit."""
    p = person("other_freelancer", signed_in=False)
    page = p.go("/login")
    page.keyboard.press("Tab")  # the skip link first
    expect(page.locator("a.skip")).to_be_focused()
    page.get_by_label("Email").focus()
    page.keyboard.type(p.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/inbox$"))
    page = p.go(f"/inbox/{live.world.other_conversation}")
    expect(page.locator("#banner")).to_contain_text("Contact details are hidden")
    page.get_by_label("Your message").focus()
    page.keyboard.type("Hello, I read the brief.")
    page.get_by_role("button", name="Send", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("li.msg.mine").last).to_contain_text("Hello, I read the brief.")


def test_core_flows_work_with_javascript_off(person, live):
    """No JavaScript: sign-in, sending, the offer and reporting are plain form posts."""
    conv = live.world.other_conversation
    client = person("client", javascript=False)
    page = client.go(f"/inbox/{conv}")
    page.get_by_label("Your message").fill("Could you share two earlier logos?")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Message sent.")
    expect(page.locator("#preview")).to_be_empty()  # the live check is the one JavaScript extra
    page.get_by_role("button", name="Invite to interview").click()
    expect(page.locator("#banner")).to_contain_text("now: interview", ignore_case=True)
    page.get_by_label("Amount").fill("120")
    page.get_by_role("button", name="Send offer").click()
    expect(page.get_by_role("status")).to_have_text("Offer sent.")

    freelancer = person("other_freelancer", javascript=False)
    page = freelancer.go(f"/inbox/{conv}")
    received = page.locator("li.msg.theirs").first
    received.get_by_text("Report this message").click()
    received.get_by_label("What is wrong with it?").fill("Testing the report form")
    received.get_by_role("button", name="Report").click()
    expect(page.get_by_role("status")).to_contain_text("a moderator will look at the message")
    expect(page.locator("li.msg.theirs").first).to_contain_text("You reported this message.")
    page.get_by_role("button", name="Decline offer").click()
    expect(page.get_by_role("status")).to_have_text("Offer declined.")
