"""A Marian tokenizer's SentencePiece pieces, the same for every backend that tokenizes with it."""
from __future__ import annotations


def source_pieces(tokenizer, text: str) -> list[str]:
    """The model input's pieces, end-of-sentence not included."""
    ids = tokenizer(text, add_special_tokens=False, truncation=False, verbose=False)["input_ids"]
    return tokenizer.convert_ids_to_tokens(ids)


def target_pieces(tokenizer, text: str) -> list[str]:
    """`text` as target pieces, as the decoder writes it after a word boundary."""
    return tokenizer.convert_ids_to_tokens(tokenizer(text_target=text, add_special_tokens=False)["input_ids"])
