import pytest

from offplatform import Kind, ScanConfig, Scanner

from assertions import assert_found, assert_no_detail

SCANNER = Scanner()


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        pytest.param("mail me: Priya.Nair@Gmail.com", "Priya.Nair@Gmail.com", "priya.nair@gmail.com", id="plain"),
        pytest.param("write to tom+work@acme-studio.co.uk ok", "tom+work@acme-studio.co.uk", None, id="plus-and-co-uk"),
        pytest.param("tom (at) protonmail (dot) com", "tom (at) protonmail (dot) com", "tom@protonmail.com", id="brackets"),
        pytest.param("La mia email è giulia punto rossi chiocciola libero punto it",
                     "giulia punto rossi chiocciola libero punto it", "giulia.rossi@libero.it", id="italian-chiocciola"),
        pytest.param("écris-moi: jean.dupont arobase orange point fr", "jean.dupont arobase orange point fr",
                     "jean.dupont@orange.fr", id="french-arobase"),
        pytest.param("tom at yahoo dot com", "tom at yahoo dot com", "tom@yahoo.com", id="bare-words"),
        pytest.param("it's john at gmail", "john at gmail", "john@gmail.com", id="name-at-provider"),
        pytest.param("reach me: the.jones at yahoo", "the.jones at yahoo", "the.jones@yahoo.com", id="dotted-name-at-provider"),
        pytest.param("tom.b at g mail dot com", "tom.b at g mail dot com", "tom.b@gmail.com", id="split-provider"),
        pytest.param("mi correo: lucia arroba hotmail punto es", "lucia arroba hotmail punto es", "lucia@hotmail.es", id="spanish"),
        pytest.param("пишите: oleg собака yandex точка ru", "oleg собака yandex точка ru", "oleg@yandex.ru", id="russian"),
        pytest.param("tоm.b@gmаil.com (cyrillic)", "tоm.b@gmаil.com", "tom.b@gmail.com", id="homoglyphs"),
        pytest.param("to\u200bm@out\u200blook.com", "to\u200bm@out\u200blook.com", "tom@outlook.com", id="zero-width"),
        pytest.param("my gmail is tom.baker77", "tom.baker77", "tom.baker77@gmail.com", id="provider-named"),
        pytest.param("reach me at tom_b@outlook", "tom_b@outlook", "tom_b@outlook.com", id="provider-implied"),
        pytest.param("j.doe @ fastmail . com", "j.doe @ fastmail . com", "j.doe@fastmail.com", id="spaces-around"),
        # "john@" reads like leetspeak for "johna" but names nothing: it must not hide the "@ "
        pytest.param("mail john@ gmail.com by 5", "john@ gmail.com", "john@gmail.com", id="space-after-at"),
        pytest.param("wh@ts@pp me or mail ana@ outlook.com", "ana@ outlook.com", "ana@outlook.com", id="leet-and-space-after-at"),
        # the writer says which symbol stands for "@"
        pytest.param("omar.haddad # outlook . com replace # with @", "omar.haddad # outlook . com",
                     "omar.haddad@outlook.com", id="replace-hash-with-at"),
        pytest.param("lena.k#gmail.com (# = @)", "lena.k#gmail.com", "lena.k@gmail.com", id="hash-equals-at"),
        pytest.param("write to kai*proton.me, swap the * for an @", "kai*proton.me", "kai@proton.me", id="swap-star"),
        pytest.param("contact: m·a·r·i·a@gmail·com", "m·a·r·i·a@gmail·com", "m.a.r.i.a@gmail.com", id="middle-dots"),
        pytest.param("lena.k88 @gmail.com", "lena.k88 @gmail.com", "lena.k88@gmail.com", id="blank-before-at"),
        pytest.param("ana_b (a) icloud (.) com", "ana_b (a) icloud (.) com", "ana_b@icloud.com", id="bracketed-a"),
        pytest.param("pls contact: rónán.kelly@outlооk.com", "rónán.kelly@outlооk.com", "rónán.kelly@outlook.com",
                     id="accented-local-part"),
        # the provider and the user name given apart
        pytest.param("I use outlook btw. k.mensah.dev is the username", "k.mensah.dev", "k.mensah.dev@outlook.com",
                     id="provider-then-username"),
        pytest.param("my username is priya.nair.design, it's a gmail", "priya.nair.design",
                     "priya.nair.design@gmail.com", id="username-then-provider"),
    ],
)
def test_email_found(text: str, span: str, value: str | None) -> None:
    assert_found(SCANNER, text, Kind.EMAIL, span, value)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("use test@example.com in the fixtures", id="reserved-example-domain"),
        pytest.param("git clone git@github.com:acme/site.git", id="git-remote"),
        pytest.param("look at google.com for the fonts", id="look-at-domain"),
        pytest.param("we launch at scale. Com is the suffix", id="at-scale"),
        pytest.param("ssh deploy@10.0.0.12 -p 2222", id="ssh-user-at-ip"),
        pytest.param("support@marketplace.example answered my ticket", id="own-platform-address"),
        pytest.param("Email is same as my name here at gmail", id="pointer-not-address"),
        pytest.param("@media (max-width: 600px) { ... }", id="css-at-rule"),
        pytest.param("the # key is broken, replace # with a new one", id="replace-without-at"),
        pytest.param("tag #design means @design team", id="hashtag-then-means"),
        pytest.param("Design · Development · Branding", id="middle-dot-list"),
        pytest.param("I use gmail for everything, the login is fine now", id="provider-then-ordinary-word"),
        pytest.param("thanks @jane.design for the mockup", id="mention-with-a-dot"),
        pytest.param("option (a) or (b), see the gmail docs", id="bracketed-a-as-a-list-marker"),
        pytest.param("the support email support@acme-bakery.com should appear on the invoice template",
                     id="address-as-content-of-a-template"),
        pytest.param("the email field should validate addresses like name@domain.com", id="placeholder-domain"),
        pytest.param("the field accepts john.doe@gmail.com as input", id="placeholder-name-in-a-format"),
        pytest.param("the decorator @app.route('/x') is fine", id="python-decorator"),
        pytest.param("Please use hello@client-brand.com as the sender address in Mailchimp", id="sender-address"),
        pytest.param("Set the reply-to to support@ourshop.co.uk in the Shopify notifications", id="reply-to"),
        pytest.param("we migrate the team inbox at gmail next week", id="a-mailbox-at-a-provider"),
        pytest.param("the newsletter goes out Monday at outlook", id="a-day-at-a-provider"),
    ],
)
def test_email_not_found(text: str) -> None:
    assert_no_detail(SCANNER, text)


def test_own_domains_are_configurable() -> None:
    cfg = ScanConfig(own_domains=("gigs.example.net",))
    assert not Scanner(cfg).scan("help@gigs.example.net").details
