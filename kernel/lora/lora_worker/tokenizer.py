"""Token ids shared by every dataset, and the byte tokenizer for text.

Ids 0-3 are special: PAD (padding, ignored by attention and loss), BOS (starts every sequence),
EOS (ends a generation target), SEP (separates a generation prompt from its target). Text is
UTF-8 bytes shifted by 4, so the byte tokenizer needs ``vocab_size >= 260``.

MASK (260, the first id after the bytes) replaces a chosen token in masked-language-model
training (``masking``); a ``masked_lm`` model therefore needs ``vocab_size >= 261``
(``MASK_VOCAB``), and a model initialised from such a base (``build_model``'s ``init_from``) has
the same vocabulary, so the byte vocabulary with MASK is 261 ids. Datasets never contain MASK:
only masking puts it into a batch. A vocabulary of 260 keeps working for every other task.
"""

PAD = 0
BOS = 1
EOS = 2
SEP = 3
#: First id of ordinary tokens.
FIRST_TOKEN = 4
#: Vocabulary the byte tokenizer needs.
BYTE_VOCAB = FIRST_TOKEN + 256
#: The mask token of masked-language-model training: the first id after the bytes.
MASK = BYTE_VOCAB
#: Vocabulary a masked_lm model needs: the bytes and MASK.
MASK_VOCAB = MASK + 1


def encode_text(text):
    """UTF-8 bytes of ``text`` as token ids, e.g. ``encode_text('hi') == [108, 109]``."""
    return encode_bytes(text.encode('utf-8'))


def encode_bytes(data):
    """Token ids of raw bytes (4 + byte): ``encode_bytes(b'hi') == [108, 109]``."""
    return [FIRST_TOKEN + byte for byte in data]


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
