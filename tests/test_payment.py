import pytest

from offplatform import Kind, Scanner
from offplatform.detect.payment import is_valid_base58_address, is_valid_bech32_address, is_valid_eth_address

from assertions import assert_found, assert_no_detail

SCANNER = Scanner()


@pytest.mark.parametrize(
    ("text", "span"),
    [
        pytest.param("IBAN GB82 WEST 1234 5698 7654 32 please", "GB82 WEST 1234 5698 7654 32", id="iban-gb"),
        pytest.param("iban: nl91abna0417164300", "nl91abna0417164300", id="iban-compact-lower"),
        pytest.param("send BTC to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", id="btc-p2pkh"),
        pytest.param("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq is my wallet", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                     id="btc-bech32"),
        pytest.param("pay 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                     id="eth-eip55"),
        pytest.param("USDT TRC20: TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL", "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL", id="tron"),
        pytest.param("send usdt to TXk3mQ9vJd7WpL2sRf8NcB4hYe6UaG5tZq", "TXk3mQ9vJd7WpL2sRf8NcB4hYe6UaG5tZq",
                     id="unverified-wallet-with-payment-words"),
        pytest.param("cash app $NinaDraws22 for the deposit", "$NinaDraws22", id="cashtag"),
        pytest.param("venmo @Nina-K-22", "@Nina-K-22", id="venmo"),
        pytest.param("sort code 20-00-00 account 55779911", "20-00-00", id="sort-code"),
        pytest.param("bank transfer to account no 0123456789 (GTB)", "0123456789", id="bank-account"),
        pytest.param("pix chave: 123e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-426614174000", id="pix-key"),
        pytest.param("upi id nina.k@okaxis", "nina.k@okaxis", id="upi"),
    ],
)
def test_payment_found(text: str, span: str) -> None:
    assert_found(SCANNER, text, Kind.PAYMENT, span)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("IBAN GB82 WEST 1234 5698 7654 33 (typo)", id="iban-bad-checksum"),
        pytest.param("the contract at 0xdAC17F958D2ee523a2206206994597C13D831ec7 needs an audit", id="contract-address-in-task"),
        pytest.param("tx hash 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060 confirmed", id="tx-hash"),
        pytest.param("use test card 4242 4242 4242 4242 in Stripe", id="stripe-test-card"),
        pytest.param("the $USD price and $EUR price differ", id="currency-tags-without-payment-words"),
        pytest.param("color #1BvBMS and code 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", id="bad-base58-checksum-no-context"),
        pytest.param("I prefer PayPal over Venmo for my own shop", id="payment-app-names"),
        pytest.param("the IBAN field must accept spaces, e.g. GB82 WEST 1234 5698 7654 32 in the test form",
                     id="documentation-iban-in-a-form"),
    ],
)
def test_payment_not_found(text: str) -> None:
    assert_no_detail(SCANNER, text)


def test_checksum_validators() -> None:
    assert is_valid_eth_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
    assert not is_valid_eth_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")
    assert is_valid_bech32_address("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")
    assert not is_valid_bech32_address("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp")
    assert is_valid_base58_address("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")
    assert not is_valid_base58_address("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3")


def test_documentation_iban_offered_as_ones_own_is_still_reported() -> None:
    from offplatform import Kind

    result = SCANNER.scan("IBAN DE89 3704 0044 0532 0130 00, pay there and I'll start")
    assert [f.value for f in result.findings if f.kind is Kind.PAYMENT] == ["iban:DE89370400440532013000"]
