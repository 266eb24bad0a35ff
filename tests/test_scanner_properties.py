from hypothesis import given, settings
from hypothesis import strategies as st

from offplatform import ConversationScanner, Scanner

SCANNER = Scanner()

_pieces = st.sampled_from([
    "call me", " +44 20 7946 0958", "ana (at) gmail dot com", " t.me/someone", "five five five ",
    "@", "at at at", "((((", "0x", "bc1q", "\u200b", "о", "$", "IBAN DE89", "whatsapp", " ", "\n", "1",
    "my number is", "wa.me/", "live:", "#1234", "zoom id 845 ",
])
_texts = st.one_of(st.text(max_size=300), st.lists(_pieces, max_size=30).map("".join))


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_scan_never_raises_and_spans_point_into_original(text: str) -> None:
    result = SCANNER.scan(text)
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start:f.end] == f.text
        assert 0.0 <= f.score <= 1.0 and f.rule


@settings(max_examples=100, deadline=None)
@given(st.lists(_texts, min_size=1, max_size=6))
def test_conversation_findings_point_into_their_message(messages: list[str]) -> None:
    result = ConversationScanner(SCANNER).scan_conversation(messages)
    for f in result.findings:
        assert f.message is not None and 0 <= f.message < len(messages)
        text = messages[f.message]
        assert text[f.start:f.end] == f.text
    assert set(result.leak_in) == {f.message for f in result.findings}
