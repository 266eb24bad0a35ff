import pytest

from offplatform import Kind, ScanConfig, Scanner

from assertions import assert_found, assert_no_detail

SCANNER = Scanner()


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        pytest.param("join t.me/nina_edits", Kind.MESSAGING, "t.me/nina_edits", id="telegram-link"),
        pytest.param("https://wa.me/4915237719048 pls", Kind.MESSAGING, "https://wa.me/4915237719048", id="wa-me"),
        pytest.param("chat.whatsapp.com/AbC123xyz", Kind.MESSAGING, "chat.whatsapp.com/AbC123xyz", id="wa-group"),
        pytest.param("server: discord.gg/x7Yq2Lm!", Kind.MESSAGING, "discord.gg/x7Yq2Lm", id="discord-invite"),
        pytest.param("tg://resolve?domain=nina", Kind.MESSAGING, "tg://resolve?domain=nina", id="tg-uri"),
        pytest.param("whatsapp://send?phone=4915237719048", Kind.MESSAGING, "whatsapp://send?phone=4915237719048", id="wa-uri"),
        pytest.param("skype:nina.k?call", Kind.MESSAGING, "skype:nina.k?call", id="skype-uri"),
        pytest.param("my IG instagram.com/nina.draws", Kind.SOCIAL, "instagram.com/nina.draws", id="instagram"),
        pytest.param("https://www.linkedin.com/in/nina-k-pm/", Kind.SOCIAL, "https://www.linkedin.com/in/nina-k-pm/", id="linkedin"),
        pytest.param("zoom.us/j/81234567890?pwd=abc", Kind.MEETING, "zoom.us/j/81234567890?pwd=abc", id="zoom"),
        pytest.param("meet.google.com/abc-defg-hij now", Kind.MEETING, "meet.google.com/abc-defg-hij", id="meet"),
        pytest.param("book calendly.com/nina-k/15min", Kind.MEETING, "calendly.com/nina-k/15min", id="calendly"),
        pytest.param("paypal.me/ninak22 thanks", Kind.PAYMENT, "paypal.me/ninak22", id="paypal-me"),
        pytest.param("see www.ninakdesign.studio", Kind.URL, "www.ninakdesign.studio", id="personal-site-www"),
        pytest.param("portfolio: https://ninak.dev/work", Kind.URL, "https://ninak.dev/work", id="personal-site-https"),
        pytest.param("all links: linktr.ee/ninak", Kind.URL, "linktr.ee/ninak", id="link-in-bio"),
        pytest.param("bit.ly/3AbCdEf", Kind.URL, "bit.ly/3AbCdEf", id="shortener"),
        pytest.param("order my gig fiverr.com/ninak/logo", Kind.URL, "fiverr.com/ninak/logo", id="other-marketplace"),
        pytest.param("log in: marketplace.example.secure-login.top/x", Kind.URL, "marketplace.example.secure-login.top/x",
                     id="lookalike-subdomain"),
        pytest.param("claim at rnarketplace-example.net/pay", Kind.URL, "rnarketplace-example.net/pay", id="lookalike-rn-m"),
        # a profile on a work-material host is a personal site; the work items there are not (below)
        pytest.param("my github: github.com/kaidev", Kind.URL, "github.com/kaidev", id="code-host-profile"),
        pytest.param("portfolio: https://sites.google.com/view/ana-portfolio", Kind.URL,
                     "https://sites.google.com/view/ana-portfolio", id="google-sites-page"),
        # a domain with its dots spelled out, when something says it is a site
        pytest.param("it's honeymoon-cove-cottage dot co dot uk", Kind.URL, "honeymoon-cove-cottage dot co dot uk",
                     id="spelled-hyphenated-domain"),
        pytest.param("my site is kaito dot com", Kind.URL, "kaito dot com", id="spelled-domain-after-my-site"),
        pytest.param("older work is at kaitodraws . com / portfolio", Kind.URL, "kaitodraws . com",
                     id="spaced-domain-with-a-path"),
        pytest.param("t . me / ravi_fixes_bugs", Kind.MESSAGING, "t . me / ravi_fixes_bugs", id="spaced-app-link"),
        pytest.param("instagram dot com slash the.carla.edits", Kind.SOCIAL, "instagram dot com slash the.carla.edits",
                     id="slash-spelled-out"),
    ],
)
def test_link_found(text: str, kind: Kind, span: str) -> None:
    assert_found(SCANNER, text, kind, span)


def test_lookalike_platform_link_is_also_a_scam() -> None:
    result = SCANNER.scan("verify now: marketplace.example.account-check.io/login")
    assert result.scam and any(f.category == "phishing" for f in result.findings)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("see marketplace.example/jobs/123 for the brief", id="own-platform"),
        pytest.param("help: https://help.marketplace.example/articles/9", id="own-platform-subdomain"),
        pytest.param("the sample uses https://example.com/api", id="example-domain"),
        pytest.param("edit main.py and README.md", id="file-names"),
        pytest.param("upload logo.ai and brief.pdf", id="file-names-ai-pdf"),
        pytest.param("whatsapp.com says the API is down", id="product-home-page"),
        pytest.param("I love the telegram.org docs", id="product-docs"),
        pytest.param("ip 203.0.113.7 and http://10.0.0.5:8080/health", id="ip-urls"),
        pytest.param("version 2.4.1 is out. Then we ship", id="version-sentence"),
        pytest.param("ok.see you tomorrow", id="missing-space"),
        pytest.param("use skype: no, we use the platform call", id="skype-word"),
        # the work itself: one design, document, file, repository or question
        pytest.param("here is the figma: https://www.figma.com/file/abc123/Landing", id="figma-file"),
        pytest.param("the doc: https://docs.google.com/document/d/1abc/edit", id="google-doc"),
        pytest.param("files: https://www.dropbox.com/s/abc/file.zip?dl=0", id="dropbox-file"),
        pytest.param("git clone https://github.com/acme/site.git and run npm install", id="git-repository"),
        pytest.param("see https://stackoverflow.com/questions/123/how-to", id="stackoverflow-question"),
        pytest.param("walkthrough: https://www.loom.com/share/9f8e7d", id="loom-video"),
        pytest.param("I use outlook.com for my calendar", id="mail-provider-named"),
        pytest.param("Link the Instagram icon to instagram.com/ourbakery", id="link-for-the-page"),
        pytest.param("the newsletter goes out from gmail.com addresses", id="mail-provider-in-prose"),
        pytest.param("I love the me dot com era", id="spelled-dot-in-prose"),
        pytest.param("we did it dot com style", id="spelled-dot-com-style"),
        pytest.param("path a / b and 2.5 / 3", id="slashes-in-arithmetic"),
    ],
)
def test_link_not_found(text: str) -> None:
    assert_no_detail(SCANNER, text)


def test_allowed_domains_are_configurable() -> None:
    text = "portfolio: https://behance.net/ninak"
    assert Scanner().scan(text).details
    assert not Scanner(ScanConfig(allowed_domains=("behance.net",))).scan(text).details
