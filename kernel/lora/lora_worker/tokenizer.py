"""Token ids shared by every dataset, and the byte tokenizer for text.

Ids 0-3 are special: PAD (padding, ignored by attention and loss), BOS (starts every sequence),
EOS (ends a generation target), SEP (separates a generation prompt from its target). Text is
UTF-8 bytes shifted by 4, so the byte tokenizer needs ``vocab_size >= 260``.
"""

PAD = 0
BOS = 1
EOS = 2
SEP = 3
#: First id of ordinary tokens.
FIRST_TOKEN = 4
#: Vocabulary the byte tokenizer needs.
BYTE_VOCAB = FIRST_TOKEN + 256


def encode_text(text):
    """UTF-8 bytes of ``text`` as token ids, e.g. ``encode_text('hi') == [108, 109]``."""
    return [FIRST_TOKEN + byte for byte in text.encode('utf-8')]


def decode_tokens(token_ids):
    """The text of byte-tokenizer ids (specials dropped; undecodable bytes replaced), or None
    when an id is outside the byte range."""
    data = bytearray()
    for token in token_ids:
        if token < FIRST_TOKEN:
            continue
        if token >= BYTE_VOCAB:
            return None
        data.append(token - FIRST_TOKEN)
    return data.decode('utf-8', errors='replace')
