import re

from hypothesis import given, settings
from hypothesis import strategies as st

from lianxi.lib.masking import mask_name, mask_phone, mask_text
from lianxi.lib.phones import normalise_mobile

mobiles = st.from_regex(r"1[3-9]\d{9}", fullmatch=True)


def test_mask_phone_examples() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""
    assert mask_phone("12") == "****"


@given(mobiles)
def test_mask_phone_reveals_at_most_seven_digits(phone: str) -> None:
    masked = mask_phone(phone)
    assert len(re.sub(r"\D", "", masked)) <= 7
    assert phone not in masked


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_mask_text_is_idempotent_and_never_raises(text: str) -> None:
    once = mask_text(text)
    assert mask_text(once) == once


@given(st.text(max_size=40), mobiles, st.text(max_size=40))
def test_mask_text_hides_mobiles_in_text(before: str, phone: str, after: str) -> None:
    text = f"{before} {phone} {after}"
    assert phone not in mask_text(text) or phone in before or phone in after


def test_mask_text_hides_id_numbers() -> None:
    masked = mask_text("身份证号110101199003074514，电话13912345678")
    assert "110101199003074514" not in masked
    assert "13912345678" not in masked
    assert "139****5678" in masked


def test_mask_name() -> None:
    assert mask_name("张三丰") == "张**"
    assert mask_name("李") == "李*"


def test_normalise_mobile() -> None:
    assert normalise_mobile("+86 138-1234-5678") == "13812345678"
    assert normalise_mobile("12345678901") is None
    assert normalise_mobile("") is None
