"""`JobID`, as in `pyflink.common.job_id`: a job's 16-byte id, printed as 32 hex digits."""

import os
from typing import Any

__all__ = ['JobID']


class JobID(object):
    """The (statistically) unique id of a job."""

    def __init__(self, j_job_id):
        """An id from 32 hex digits, 16 bytes or another JobID; a random one if None. (PyFlink
        takes a Java object here.)"""
        if j_job_id is None:
            raw = os.urandom(16)
        elif isinstance(j_job_id, JobID):
            raw = j_job_id._bytes
        elif isinstance(j_job_id, (bytes, bytearray)):
            raw = bytes(j_job_id)
        elif isinstance(j_job_id, str):
            try:
                raw = bytes.fromhex(j_job_id)
            except ValueError:
                raw = b''
            if len(j_job_id) != 32:
                raw = b''
        else:
            raise TypeError("JobID takes 32 hex digits, 16 bytes or None, got %r" % (j_job_id,))
        if len(raw) != 16:
            raise ValueError("a JobID is 16 bytes (32 hex digits), got %r" % (j_job_id,))
        self._bytes = raw

    @staticmethod
    def generate() -> 'JobID':
        """A new random id."""
        return JobID(None)

    @staticmethod
    def from_hex_string(hex_string: str) -> 'JobID':
        """The id written as 32 hex digits."""
        return JobID(hex_string)

    def to_hex_string(self) -> str:
        """The id as 32 lowercase hex digits."""
        return self._bytes.hex()

    def get_bytes(self) -> bytes:
        """The id's 16 bytes."""
        return self._bytes

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, JobID) and self._bytes == other._bytes

    def __hash__(self) -> int:
        return hash(self._bytes)

    def __str__(self) -> str:
        return self._bytes.hex()

    def __repr__(self) -> str:
        return 'JobID(%r)' % self._bytes.hex()
