import pytest

from offplatform import Kind, Scanner

from assertions import assert_found, assert_no_detail

SCANNER = Scanner()


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        pytest.param("telegram: @nina_k", Kind.MESSAGING, "@nina_k", id="telegram-at"),
        pytest.param("my telegrm is @nina_k", Kind.MESSAGING, "@nina_k", id="misspelled-app"),
        pytest.param("ping me on Тelegrаm @nina_k", Kind.MESSAGING, "@nina_k", id="homoglyph-app"),
        pytest.param("kik me nina_k22", Kind.MESSAGING, "nina_k22", id="kik"),
        pytest.param("sk¥pe: nina.kowalska", Kind.MESSAGING, "nina.kowalska", id="leet-skype"),
        pytest.param("add me on skype live:.cid.1a2b3c4d5e", Kind.MESSAGING, "live:.cid.1a2b3c4d5e", id="skype-live"),
        pytest.param("Discord: pixelnina#0420", Kind.MESSAGING, "pixelnina#0420", id="discord-tag"),
        pytest.param("dm me on disc0rd pixelnina later", Kind.MESSAGING, "pixelnina", id="discord-plain"),
        pytest.param("line id: nina_k_88", Kind.MESSAGING, "nina_k_88", id="line-id"),
        pytest.param("wechat id wxid_nina88", Kind.MESSAGING, "wxid_nina88", id="wechat"),
        pytest.param("Signal: nina.01 (username)", Kind.MESSAGING, "nina.01", id="signal-username"),
        pytest.param("Telegram pe aa jao 🙂 @nina_dev", Kind.MESSAGING, "@nina_dev", id="handle-later-in-message"),
        pytest.param("@nina.draws on tiktok", Kind.SOCIAL, "@nina.draws", id="handle-then-app"),
        pytest.param("ig: @nina.draws", Kind.SOCIAL, "@nina.draws", id="ig"),
        pytest.param("my snap nina.k22", Kind.SOCIAL, "nina.k22", id="snap"),
        pytest.param("i'm on ig as maria_lpz_art, dm me there", Kind.SOCIAL, "maria_lpz_art", id="on-app-as-handle"),
        pytest.param("ana_b on insta, lmk", Kind.SOCIAL, "ana_b", id="bare-handle-then-app"),
        pytest.param("reach me at ana_b on the gram", Kind.SOCIAL, "ana_b", id="bare-handle-then-app-nickname"),
        pytest.param("I'm ana_b everywhere (IG, TikTok, X)", Kind.SOCIAL, "ana_b", id="same-handle-everywhere"),
        pytest.param("my handle is @nadia.ux on every platform", Kind.SOCIAL, "@nadia.ux", id="my-handle-on-every-platform"),
        pytest.param("my linkedin is /in/ana-b-design", Kind.SOCIAL, "/in/ana-b-design", id="linkedin-path"),
        pytest.param("zoom meeting id 845 1239 7760", Kind.MEETING, "845 1239 7760", id="zoom-id"),
    ],
)
def test_handle_found(text: str, kind: Kind, span: str) -> None:
    assert_found(SCANNER, text, kind, span)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("build a telegram bot that posts to @channel_news", id="job-topic-bot"),
        pytest.param("integrate the WhatsApp Business API for orders", id="job-topic-api"),
        pytest.param("@nina can you check the logo?", id="addressing-someone"),
        pytest.param("the signal is weak in the basement", id="signal-word"),
        pytest.param("draw a line under the title", id="line-word"),
        pytest.param("dm me on discord tonight", id="app-then-common-word"),
        pytest.param("add me on whatsapp", id="app-without-handle"),
        pytest.param("my discord is down again", id="app-then-stopword"),
        pytest.param("the instagram ads campaign starts monday", id="social-topic"),
        pytest.param("my zoom meeting with the team ran long", id="zoom-prose"),
        pytest.param("I use WhatsApp as a developer tool", id="app-as-ordinary-words"),
        pytest.param("The Instagram handle in the mockup should be @brandname", id="handle-in-a-mockup"),
        pytest.param("The client's Instagram is @acme_bakery, we'll post the designs there", id="client-business-account"),
        pytest.param("I am tired everywhere", id="ordinary-word-everywhere"),
        pytest.param("version2 on github is the stable one", id="word-with-digit-before-portfolio-site"),
        pytest.param("we moved to WhatsApp for the team; @channel please review the logo", id="broadcast-mention"),
    ],
)
def test_handle_not_found(text: str) -> None:
    assert_no_detail(SCANNER, text)


def test_app_name_then_its_own_link_is_one_link_not_a_handle() -> None:
    """"github: github.com/kai": the handle pattern would read "github.com" as a handle after the
    app name; the whole link is the detail (a personal site is a url span)."""
    findings = SCANNER.scan("here's my github: github.com/kaidev").findings
    assert [(f.kind, f.text) for f in findings] == [(Kind.URL, "github.com/kaidev")]
