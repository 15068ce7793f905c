"""Streaming AES-256-GCM for backup files: a file of any size, encrypted chunk by chunk.

Layout: MAGIC, a 8-byte random file id, then chunks of `length (4 bytes) | ciphertext+tag`.
Each chunk's nonce is the file id and the chunk's number; its associated data says whether it
is the last one. So a chunk changed, swapped, repeated, cut off or moved from another file
fails to decrypt, and a file cut after any chunk but its last is refused as truncated.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"LXBK1\n"
CHUNK = 1 << 20
_LAST, _MORE = b"last", b"more"


class SealError(ValueError):
    """Wrong key, damaged or truncated file."""


def parse_key(text: str) -> bytes:
    """A key as printed by `new_key()`: 32 bytes, URL-safe base64."""
    try:
        key = base64.urlsafe_b64decode(text.strip().encode())
    except (binascii.Error, ValueError) as exc:
        raise SealError("the key is not base64") from exc
    if len(key) != 32:
        raise SealError("the key must be 32 bytes (base64 of 32 random bytes)")
    return key


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def _nonce(file_id: bytes, number: int) -> bytes:
    return file_id + struct.pack(">I", number)


class SealingWriter:
    """A binary file object: what is written to it lands encrypted in `out`. `close()` writes
    the last chunk (always, even empty) and must be called."""

    def __init__(self, out: IO[bytes], key: bytes) -> None:
        self._out, self._aes = out, AESGCM(key)
        self._file_id = os.urandom(8)
        self._buffer = bytearray()
        self._number = 0
        self._closed = False
        out.write(MAGIC + self._file_id)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep at least one byte back for the last chunk
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        if not self._closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self._closed = True
            self._out.flush()

    def _seal(self, plain: bytes, *, last: bool) -> None:
        if self._number >= 2**32 - 1:
            raise SealError("file too large")
        sealed = self._aes.encrypt(
            _nonce(self._file_id, self._number), plain, _LAST if last else _MORE
        )
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._number += 1


class OpeningReader:
    """A binary file object reading the plain text back from a sealed file; raises SealError
    at the first chunk that does not authenticate, and at the end of a truncated file."""

    def __init__(self, source: IO[bytes], key: bytes) -> None:
        self._in, self._aes = source, AESGCM(key)
        head = source.read(len(MAGIC) + 8)
        if len(head) < len(MAGIC) + 8 or not head.startswith(MAGIC):
            raise SealError("not a lianxi backup file")
        self._file_id = head[len(MAGIC) :]
        self._buffer = b""
        self._number = 0
        self._ended = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while not self._ended and (size < 0 or len(self._buffer) < size):
            self._buffer += self._open_next()
        if size < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def _open_next(self) -> bytes:
        head = self._in.read(4)
        if len(head) < 4:
            raise SealError("the file is truncated")
        (length,) = struct.unpack(">I", head)
        sealed = self._in.read(length)
        if len(sealed) < length:
            raise SealError("the file is truncated")
        nonce = _nonce(self._file_id, self._number)
        self._number += 1
        for marker in (_MORE, _LAST):
            try:
                plain = self._aes.decrypt(nonce, sealed, marker)
            except InvalidTag:
                continue
            if marker == _LAST:
                self._ended = True
                if self._in.read(1):
                    raise SealError("data after the end of the backup")
            return plain
        raise SealError("wrong key, or the file was changed")
