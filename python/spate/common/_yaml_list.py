"""The YAML lists a list setting may be written as (`Configuration.parse_list_value`): PyFlink reads
the value with a YAML 1.2 safe loader and keeps it if it is a list. This reads the lists such a
loader reads (flow lists `[a, 1, [b, c], {k: v}]` and block lists of `- item` lines) with the same
typed scalars, without a YAML dependency."""
import datetime
import re
from typing import Any, Optional

__all__ = ['yaml_list']

_INT = re.compile(r'[-+]?[0-9]+')
_OCT = re.compile(r'0o[0-7]+')
_HEX = re.compile(r'0x[0-9a-fA-F]+')
_FLOAT = re.compile(r'[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?')
_DATE = re.compile(r'[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}')
_DATETIME = re.compile(r'[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?'
                       r'([ \t]*(Z|[-+][0-9]{1,2}(:?[0-9]{2})?))?')
_ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', '0': '\0', '"': '"', '\\': '\\', '/': '/', ' ': ' ',
            'a': '\a', 'b': '\b', 'e': '\x1b', 'f': '\f', 'v': '\v'}


def yaml_list(text: str) -> Optional[list]:
    """The list `text` holds as YAML, or None if it holds something else (a scalar, a mapping)."""
    stripped = text.strip()
    if stripped.startswith('['):
        reader = _FlowReader(stripped)
        value = reader.value()
        reader.skip_space()
        if reader.pos != len(stripped):
            raise ValueError(f"not a YAML list: {text!r} (text after the closing ']')")
        return value
    lines = [line for line in stripped.splitlines() if line.strip() and not line.strip().startswith('#')]
    if lines and all(line.strip() == '-' or line.strip().startswith('- ') for line in lines) \
            and len({len(line) - len(line.lstrip()) for line in lines}) == 1:
        return [_item(line.strip()[1:].strip()) for line in lines]
    return None


def _item(text: str) -> Any:
    if text.startswith(('[', '{', '"', "'")):
        reader = _FlowReader(text)
        return reader.value()
    return _scalar(text)


def _scalar(text: str) -> Any:
    """A plain scalar, typed as YAML 1.2's core schema (and the safe loader's dates) types it."""
    if text in ('', '~', 'null', 'Null', 'NULL'):
        return None
    if text in ('true', 'True', 'TRUE', 'false', 'False', 'FALSE'):
        return text.lower() == 'true'
    if _INT.fullmatch(text):
        return int(text)
    if _OCT.fullmatch(text):
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    if text.lower() in ('.inf', '+.inf', '-.inf', '.nan'):
        return float(text.replace('.', '', 1))
    if _DATE.fullmatch(text):
        year, month, day = (int(part) for part in text.split('-'))
        return datetime.date(year, month, day)
    if _DATETIME.fullmatch(text):
        normalized = re.sub(r'[ \t]+', ' ', text).replace('t', 'T').replace('Z', '+00:00')
        try:
            return datetime.datetime.fromisoformat(normalized)
        except ValueError:
            return text
    return text


class _FlowReader:
    """Reads one YAML flow value (a list, a mapping, a quoted or plain scalar) from `text`."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def fail(self, what: str) -> ValueError:
        return ValueError(f"not a YAML list: {self.text!r} ({what} at character {self.pos})")

    def skip_space(self):
        while self.pos < len(self.text) and self.text[self.pos] in ' \t\r\n':
            self.pos += 1
        if self.pos < len(self.text) and self.text[self.pos] == '#':
            while self.pos < len(self.text) and self.text[self.pos] != '\n':
                self.pos += 1
            self.skip_space()

    def peek(self) -> str:
        self.skip_space()
        return self.text[self.pos] if self.pos < len(self.text) else ''

    def value(self, in_flow: bool = False) -> Any:
        char = self.peek()
        if char == '[':
            return self.sequence()
        if char == '{':
            return self.mapping()
        if char in ('"', "'"):
            return self.quoted(char)
        if not char:
            raise self.fail('missing value')
        return self.plain(in_flow)

    def sequence(self) -> list:
        self.pos += 1
        items = []
        while True:
            if self.peek() == ']':
                self.pos += 1
                return items
            item = self.value(in_flow=True)
            if self.peek() == ':':  # `[a: 1]`: a one-pair mapping
                self.pos += 1
                item = {item: self.value(in_flow=True)}
            items.append(item)
            char = self.peek()
            if char == ',':
                self.pos += 1
            elif char != ']':
                raise self.fail("expected ',' or ']'")

    def mapping(self) -> dict:
        self.pos += 1
        entries = {}
        while True:
            if self.peek() == '}':
                self.pos += 1
                return entries
            key = self.value(in_flow=True)
            value = None
            if self.peek() == ':':
                self.pos += 1
                value = None if self.peek() in (',', '}') else self.value(in_flow=True)
            entries[key] = value
            char = self.peek()
            if char == ',':
                self.pos += 1
            elif char != '}':
                raise self.fail("expected ',' or '}'")

    def quoted(self, quote: str) -> str:
        self.pos += 1
        out = []
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char == quote:
                if quote == "'" and text[self.pos + 1:self.pos + 2] == "'":
                    out.append("'")
                    self.pos += 2
                    continue
                self.pos += 1
                return ''.join(out)
            if char == '\\' and quote == '"':
                escape = text[self.pos + 1:self.pos + 2]
                if escape in ('x', 'u', 'U'):
                    width = {'x': 2, 'u': 4, 'U': 8}[escape]
                    out.append(chr(int(text[self.pos + 2:self.pos + 2 + width], 16)))
                    self.pos += 2 + width
                    continue
                if escape not in _ESCAPES:
                    raise self.fail('unknown escape')
                out.append(_ESCAPES[escape])
                self.pos += 2
                continue
            out.append(char)
            self.pos += 1
        raise self.fail('unclosed quote')

    def plain(self, in_flow: bool) -> Any:
        start = self.pos
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if in_flow and char in ',[]{}':
                break
            if char == ':' and (self.pos + 1 == len(text) or text[self.pos + 1] in ' \t,[]{}'):
                break
            if char == '#' and text[self.pos - 1] in ' \t':
                break
            self.pos += 1
        return _scalar(text[start:self.pos].strip())
