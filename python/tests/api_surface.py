"""PyFlink 2.3's public Python API as data (data/pyflink-api.json), and how to compare a signature with it.

The file lists, per module, each public name and, per class, its members with their printed signatures
(Java-bridge members left out). Tests hold Spate's modules against it, as PyFlink keeps completeness
tests against Flink's Java API.
"""
import inspect
import json
from pathlib import Path

API = json.loads((Path(__file__).parent / 'data' / 'pyflink-api.json').read_text())


def parameters(signature: str):
    """The (name, default) of each parameter of a printed signature, annotations left out."""
    params, depth, current = [], 0, ''
    for c in signature[signature.index('(') + 1:]:
        depth += c in '[('
        depth -= c in '])'
        if depth < 0:
            break  # the closing parenthesis: a return annotation may follow
        if c == ',' and depth == 0:
            params.append(current)
            current = ''
        else:
            current += c
    if current.strip():
        params.append(current)
    out = []
    for p in params:
        name = p.split(':')[0].split('=')[0].strip()
        default = p.split('=', 1)[1].strip() if '=' in p else None
        out.append((name, default))
    return out


def signature_of(member) -> str:
    """The printed signature of a Spate function, method or class."""
    return str(inspect.signature(member))
